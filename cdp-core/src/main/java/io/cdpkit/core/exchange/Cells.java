package io.cdpkit.core.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdpkit.core.InvalidInputException;
import io.cdpkit.core.spi.AttributeJson;
import io.cdpkit.core.profile.AttributeValue;
import io.cdpkit.core.profile.BooleanValue;
import io.cdpkit.core.profile.NullValue;
import io.cdpkit.core.profile.NumberValue;
import io.cdpkit.core.profile.TextValue;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Locale;
import java.util.regex.Pattern;

/** Converts between cell text and values, and reads instants as {@code data-formats.md} says. */
final class Cells {
  private static final Pattern JSON_NUMBER =
      Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

  private Cells() {}

  static AttributeValue parse(String column, String text, ColumnMapping.ValueKind kind) {
    switch (kind) {
      case TEXT:
        return new TextValue(text);
      case NUMBER:
        if (!JSON_NUMBER.matcher(text).matches()) {
          throw new InvalidInputException(column, text, "must be a number");
        }
        return new NumberValue(new BigDecimal(text));
      case BOOLEAN:
        String lower = text.toLowerCase(Locale.ROOT);
        if (!lower.equals("true") && !lower.equals("false")) {
          throw new InvalidInputException(column, text, "must be true or false");
        }
        return BooleanValue.of(lower.equals("true"));
      case JSON:
        return AttributeJson.parse(text);
      case AUTO:
      default:
        if (JSON_NUMBER.matcher(text).matches()) {
          return new NumberValue(new BigDecimal(text));
        }
        if (text.equals("true") || text.equals("false")) {
          return BooleanValue.of(text.equals("true"));
        }
        if ((text.startsWith("[") && text.endsWith("]"))
            || (text.startsWith("{") && text.endsWith("}"))) {
          try {
            return AttributeJson.parse(text);
          } catch (InvalidInputException notJson) {
            return new TextValue(text);
          }
        }
        return new TextValue(text);
    }
  }

  /** The cell text of a value: text as is, null as "", numbers plainly, the rest as JSON. */
  static String format(AttributeValue value) {
    if (value instanceof TextValue text) {
      return text.value();
    }
    if (value instanceof NullValue) {
      return "";
    }
    if (value instanceof NumberValue number) {
      return AttributeJson.write(number);
    }
    return value.toJson();
  }

  /**
   * An instant from ISO-8601 text: with an offset, or a local date-time or date-only value in
   * {@code zone} (a date means the start of that day).
   */
  static Instant instant(String field, String text, ZoneId zone) {
    try {
      if (text.length() == 10) {
        return LocalDate.parse(text).atStartOfDay(zone).toInstant();
      }
      if (text.endsWith("Z") || text.endsWith("z")) {
        return Instant.parse(text.toUpperCase(Locale.ROOT));
      }
      try {
        return OffsetDateTime.parse(text).toInstant();
      } catch (DateTimeException noOffset) {
        return LocalDateTime.parse(text).atZone(zone).toInstant();
      }
    } catch (DateTimeException e) {
      throw new InvalidInputException(
          field, text, "must be an ISO-8601 instant such as 2026-06-01T10:00:00Z or a date");
    }
  }

  static String text(JsonNode node, String field) {
    if (!node.isTextual()) {
      throw new InvalidInputException(field, node.toString(), "must be a JSON string");
    }
    return node.textValue();
  }
}
