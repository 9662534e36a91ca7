package io.cdpkit.core.identity;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An identifier as a profile holds it: when it was first and last seen, whether messages to it
 * can be delivered (and why not), and whether it was set as the main identifier of its type.
 *
 * @param undeliverableReason why messages cannot be delivered (a hard bounce, a malformed
 *     address); null while deliverable
 */
public record ProfileIdentifier(
    Identifier identifier,
    Instant firstSeen,
    Instant lastSeen,
    boolean deliverable,
    boolean main,
    @Nullable String undeliverableReason) {

  public ProfileIdentifier {
    Objects.requireNonNull(identifier, "identifier");
    Objects.requireNonNull(firstSeen, "firstSeen");
    Objects.requireNonNull(lastSeen, "lastSeen");
    if (deliverable) {
      undeliverableReason = null;
    }
  }

  /** A state without an undeliverable reason. */
  public ProfileIdentifier(
      Identifier identifier, Instant firstSeen, Instant lastSeen, boolean deliverable, boolean main) {
    this(identifier, firstSeen, lastSeen, deliverable, main, null);
  }

  /** The same identifier seen at {@code at} (last-seen only moves forward). */
  public ProfileIdentifier seenAt(Instant at) {
    return at.isAfter(lastSeen)
        ? new ProfileIdentifier(identifier, firstSeen, at, deliverable, main, undeliverableReason)
        : this;
  }

  /** The same identifier with {@code main} set as given. */
  public ProfileIdentifier withMain(boolean isMain) {
    return new ProfileIdentifier(identifier, firstSeen, lastSeen, deliverable, isMain, undeliverableReason);
  }

  /** The same identifier marked deliverable, or undeliverable for {@code reason}. */
  public ProfileIdentifier withDeliverability(boolean isDeliverable, @Nullable String reason) {
    return new ProfileIdentifier(identifier, firstSeen, lastSeen, isDeliverable, main, isDeliverable ? null : reason);
  }

  public String type() {
    return identifier.type();
  }

  public String value() {
    return identifier.value();
  }
}
