package io.cdpkit.app.dashboard;

import io.cdpkit.core.profile.AttributeValue;
import io.cdpkit.core.profile.Profile;
import io.cdpkit.core.profile.TextValue;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What the dashboard shows people instead of technical values: times in the configured zone to the
 * second, field names in words ({@code $identifier.email} is "Email"), and a profile by its name or
 * email rather than its id. Immutable and thread-safe.
 */
final class Labels {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);
  private static final Map<String, String> FIELDS = Map.of(
      "id", "Customer",
      "$id", "Id",
      "$created_at", "Created",
      "$updated_at", "Updated");

  private final ZoneId zone;

  Labels(ZoneId zone) {
    this.zone = Objects.requireNonNull(zone, "zone");
  }

  ZoneId zone() {
    return zone;
  }

  /** {@code 2018-07-13 23:00:00} in the zone; empty for null. */
  String time(@Nullable Instant instant) {
    return instant == null ? "" : instant.atZone(zone).format(TIME);
  }

  /** A field or column name in words: {@code first_name} is "First name". */
  static String field(String name) {
    String known = FIELDS.get(name);
    if (known != null) {
      return known;
    }
    String plain = name.startsWith("$identifier.") ? name.substring("$identifier.".length())
        : name.startsWith("$computed.") ? name.substring("$computed.".length()) : name;
    String words = plain.replace('_', ' ').replace('.', ' ')
        .replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT).strip();
    return words.isEmpty() ? name : Character.toUpperCase(words.charAt(0)) + words.substring(1);
  }

  /**
   * The profile as people know it: first and last name, else {@code name}, else the main email or
   * phone, else "Anonymous" with the start of its id.
   */
  static String name(Profile profile) {
    String first = text(profile, "first_name");
    String last = text(profile, "last_name");
    String full = (first + " " + last).strip();
    if (!full.isEmpty()) {
      return full;
    }
    String name = text(profile, "name");
    if (!name.isEmpty()) {
      return name;
    }
    for (String type : new String[] {"email", "phone", "whatsapp", "user_id"}) {
      String value = profile.mainIdentifier(type).map(identifier -> identifier.value()).orElse("");
      if (!value.isEmpty()) {
        return value;
      }
    }
    return "Anonymous " + profile.id().substring(0, Math.min(8, profile.id().length()));
  }

  /** An attribute as text: a string as is, anything else as JSON; empty when missing. */
  static String text(Profile profile, String attribute) {
    AttributeValue value = profile.attribute(attribute).orElse(null);
    if (value == null || value.isNull()) {
      return "";
    }
    return value instanceof TextValue text ? text.value() : value.toJson();
  }
}
