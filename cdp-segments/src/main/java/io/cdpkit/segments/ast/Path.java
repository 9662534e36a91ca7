package io.cdpkit.segments.ast;

import io.cdpkit.segments.internal.parse.Printer;
import java.util.List;
import java.util.Set;

/**
 * A path naming a value: an attribute or property ({@code address.city}, parts {@code
 * ["address", "city"]}) or a system field ({@code $identifier.email}, system, parts {@code
 * ["identifier", "email"]}). Parts are case-sensitive.
 *
 * <p>System fields on a profile are {@code $id}, {@code $created_at}, {@code $updated_at}, {@code
 * $identifier.TYPE} and {@code $computed.NAME}; inside an event filter {@code $type}, {@code
 * $timestamp} and {@code $source}. Immutable and thread-safe.
 *
 * @param system true for a {@code $} system field, whose first part is the field's name
 * @param parts one or more non-empty parts
 */
public record Path(boolean system, List<String> parts) {
  /** System fields that stand alone. */
  public static final Set<String> SIMPLE_SYSTEM_FIELDS =
      Set.of("id", "created_at", "updated_at", "type", "timestamp", "source");
  /** System fields followed by exactly one more part (a type or a name). */
  public static final Set<String> QUALIFIED_SYSTEM_FIELDS = Set.of("identifier", "computed");
  /** System fields of a profile. */
  public static final Set<String> PROFILE_FIELDS =
      Set.of("id", "created_at", "updated_at", "identifier", "computed");
  /** System fields of an event, inside {@code event ... where}. */
  public static final Set<String> EVENT_FIELDS = Set.of("type", "timestamp", "source");

  /**
   * @throws IllegalArgumentException for no parts, an empty part, or an unknown or malformed
   *     system field
   */
  public Path {
    parts = List.copyOf(parts);
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("a path needs at least one part");
    }
    for (String part : parts) {
      if (part.isEmpty()) {
        throw new IllegalArgumentException("a path part must not be empty: " + parts);
      }
    }
    if (system) {
      String field = parts.get(0);
      if (SIMPLE_SYSTEM_FIELDS.contains(field)) {
        if (parts.size() != 1) {
          throw new IllegalArgumentException("$" + field + " takes no further parts: " + parts);
        }
      } else if (QUALIFIED_SYSTEM_FIELDS.contains(field)) {
        if (parts.size() != 2) {
          throw new IllegalArgumentException(
              "$" + field + " takes exactly one further part, as in $" + field + ".name: " + parts);
        }
      } else {
        throw new IllegalArgumentException("unknown system field $" + field);
      }
    }
  }

  /** An attribute or property path: {@code attr("address", "city")} is {@code address.city}. */
  public static Path attr(String first, String... more) {
    return new Path(false, concat(first, more));
  }

  /** A system field: {@code system("identifier", "email")} is {@code $identifier.email}. */
  public static Path system(String field, String... more) {
    return new Path(true, concat(field, more));
  }

  /** The system field's name ({@code identifier} for {@code $identifier.email}), or "" if none. */
  public String systemField() {
    return system ? parts.get(0) : "";
  }

  private static List<String> concat(String first, String... more) {
    String[] all = new String[more.length + 1];
    all[0] = first;
    System.arraycopy(more, 0, all, 1, more.length);
    return List.of(all);
  }

  /** The path as the canonical form writes it, back-quoting parts where needed. */
  @Override
  public String toString() {
    return Printer.path(this);
  }
}
