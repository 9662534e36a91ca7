package io.cdpkit.segments.internal.eval;

import io.cdpkit.segments.spi.InstantRange;
import io.cdpkit.core.spi.CodePoints;
import io.cdpkit.core.profile.AttributeValue;
import io.cdpkit.core.profile.BooleanValue;
import io.cdpkit.core.profile.ListValue;
import io.cdpkit.core.profile.NumberValue;
import io.cdpkit.core.profile.ObjectValue;
import io.cdpkit.core.profile.TextValue;
import io.cdpkit.segments.ast.CompareOp;
import io.cdpkit.core.spi.NumericText;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import org.jspecify.annotations.Nullable;

/*
 * The value rules of the spec, in one place so that every test agrees:
 * - numbers compare by value; text that reads fully as a number compares numerically with a number
 *   (either side may be the literal);
 * - text compares exactly, in code-point order;
 * - booleans equal true/false and the texts "true"/"false" in any case; booleans have no order;
 * - a date literal is its whole day in the zone; a date-time literal is an instant; a value is a
 *   point in time when it is an ISO date (start of that day in the zone), an ISO date-time (with
 *   an offset, or without one read in the zone) or a number (epoch milliseconds).
 */

/** Comparison, number, boolean and point-in-time rules for scalar values. Stateless. */
final class Values {
  private Values() {}

  /** {@code v OP lit} for a scalar {@code v}; {@code NE} is never passed (it is {@code not =}). */
  static boolean compare(CompareOp op, AttributeValue v, Lit lit, ZoneId zone) {
    switch (lit.kind) {
      case NUMBER: {
        BigDecimal x = numberOf(v);
        return x != null && op.holds(x.compareTo(lit.number));
      }
      case TEXT:
        if (v instanceof TextValue text) {
          return op == CompareOp.EQ ? text.value().equals(lit.text)
              : op.holds(CodePoints.compare(text.value(), lit.text));
        }
        if (v instanceof NumberValue number && lit.number != null) {
          return op.holds(number.value().compareTo(lit.number));
        }
        if (v instanceof BooleanValue bool && lit.bool != null) {
          return op == CompareOp.EQ && bool.value() == lit.bool;
        }
        return false;
      case BOOLEAN: {
        if (op != CompareOp.EQ) {
          return false;
        }
        Boolean b = booleanOf(v);
        return b != null && b.equals(lit.bool);
      }
      case DATE: {
        Instant p = pointOf(v, zone);
        if (p == null) {
          return false;
        }
        Instant start = InstantRange.dayStart(lit.date, zone);
        Instant end = InstantRange.dayStart(lit.date.plusDays(1), zone);
        switch (op) {
          case EQ:
            return !p.isBefore(start) && p.isBefore(end);
          case LT:
            return p.isBefore(start);
          case LE:
            return p.isBefore(end);
          case GT:
            return !p.isBefore(end);
          default:
            return !p.isBefore(start);
        }
      }
      default: {
        Instant p = pointOf(v, zone);
        return p != null && op.holds(p.compareTo(lit.instant));
      }
    }
  }

  /** The number a value is: a number, or text that reads fully as one; else null. */
  static @Nullable BigDecimal numberOf(AttributeValue v) {
    if (v instanceof NumberValue number) {
      return number.value();
    }
    if (v instanceof TextValue text) {
      return parseNumber(text.value());
    }
    return null;
  }

  /** The boolean a value is: a boolean, or the text "true"/"false" in any case; else null. */
  static @Nullable Boolean booleanOf(AttributeValue v) {
    if (v instanceof BooleanValue bool) {
      return bool.value();
    }
    if (v instanceof TextValue text) {
      return parseBoolean(text.value());
    }
    return null;
  }

  static @Nullable Boolean parseBoolean(String text) {
    if (text.equalsIgnoreCase("true")) {
      return Boolean.TRUE;
    }
    if (text.equalsIgnoreCase("false")) {
      return Boolean.FALSE;
    }
    return null;
  }

  /** The number the whole text reads as ({@link NumericText}, the rule sorting follows too). */
  static @Nullable BigDecimal parseNumber(String text) {
    return NumericText.parse(text);
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** The point in time a value stands for, or null when it is not a date, date-time or number. */
  static @Nullable Instant pointOf(AttributeValue v, ZoneId zone) {
    if (v instanceof TextValue text) {
      return parsePoint(text.value(), zone);
    }
    if (v instanceof NumberValue number) {
      try {
        return Instant.ofEpochMilli(number.value().longValue());
      } catch (DateTimeException | ArithmeticException e) {
        return null;
      }
    }
    return null;
  }

  static @Nullable Instant parsePoint(String text, ZoneId zone) {
    int n = text.length();
    if (n < 10 || !isDigit(text.charAt(0)) || text.charAt(4) != '-' || text.charAt(7) != '-') {
      return null;
    }
    try {
      if (n == 10) {
        return LocalDate.parse(text).atStartOfDay(zone).toInstant();
      }
      if (text.charAt(10) != 'T') {
        return null;
      }
      char last = text.charAt(n - 1);
      boolean offset = last == 'Z' || text.indexOf('+', 11) > 0 || text.indexOf('-', 11) > 0;
      if (offset) {
        return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
      }
      return LocalDateTime.parse(text).atZone(zone).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** True for missing-like emptiness: null, blank text, an empty list or object. */
  static boolean isEmpty(AttributeValue v) {
    if (v instanceof TextValue text) {
      return text.value().isBlank();
    }
    if (v instanceof ListValue list) {
      return list.items().isEmpty();
    }
    if (v instanceof ObjectValue object) {
      return object.isEmpty();
    }
    return v.isNull();
  }
}
