package io.cdpkit.workflows;

import java.util.Objects;

/**
 * Who a broadcast goes to: the current members of a saved segment or of a static group.
 *
 * @param kind segment or group
 * @param name the segment's or group's name
 */
public record Audience(Kind kind, String name) {
  /** Where the members come from. */
  public enum Kind {
    SEGMENT,
    GROUP
  }

  public Audience {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
  }

  public static Audience segment(String name) {
    return new Audience(Kind.SEGMENT, name);
  }

  public static Audience group(String name) {
    return new Audience(Kind.GROUP, name);
  }
}
