package io.cdpkit.core.identity;

import java.time.Instant;
import java.util.Objects;

/**
 * An identifier as a profile holds it: when it was first and last seen, whether messages to it
 * can be delivered, and whether it was set as the main identifier of its type.
 */
public record ProfileIdentifier(
    Identifier identifier, Instant firstSeen, Instant lastSeen, boolean deliverable, boolean main) {

  public ProfileIdentifier {
    Objects.requireNonNull(identifier, "identifier");
    Objects.requireNonNull(firstSeen, "firstSeen");
    Objects.requireNonNull(lastSeen, "lastSeen");
  }

  public String type() {
    return identifier.type();
  }

  public String value() {
    return identifier.value();
  }
}
