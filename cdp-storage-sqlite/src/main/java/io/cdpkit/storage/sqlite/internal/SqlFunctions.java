package io.cdpkit.storage.sqlite.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.cdpkit.core.spi.AttributeJson;
import io.cdpkit.core.spi.NumericText;
import io.cdpkit.core.profile.AttributeValue;
import io.cdpkit.core.profile.BooleanValue;
import io.cdpkit.core.profile.NumberValue;
import io.cdpkit.core.profile.TextValue;
import io.cdpkit.storage.jdbc.JsonColumns;
import io.cdpkit.storage.sqlite.internal.sql.SegmentFunctions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import org.jspecify.annotations.Nullable;
import org.sqlite.Function;

/**
 * The SQL functions the store registers on each connection, for the two rules SQLite's built-ins
 * cannot express exactly:
 *
 * <ul>
 *   <li>{@code cdp_sort_key(attributes, name)}: a BLOB whose byte order is {@code
 *       io.cdpkit.core.spi.ProfileOrdering}'s order of the top-level attribute {@code name}:
 *       numbers by exact decimal value, then texts in code-point order, then booleans, then other
 *       values by their JSON text; NULL when the attribute is missing or JSON null. (A REAL from
 *       {@code json_extract} would round long decimals, and {@code json_extract}'s path syntax
 *       cannot quote every attribute name.)
 *   <li>{@code cdp_starts_with_ic(value, prefix)}: Java's {@code regionMatches(true, ...)}, the
 *       case folding the in-memory store's search uses; {@code LIKE} folds ASCII only.
 * </ul>
 *
 * It also registers the segment query functions of {@link SegmentFunctions}.
 */
final class SqlFunctions {
  static final String SORT_KEY = "cdp_sort_key";
  static final String STARTS_WITH = "cdp_starts_with_ic";

  private static final byte NUMBER = 0;
  private static final byte TEXT = 1;
  private static final byte BOOLEAN = 2;
  private static final byte OTHER = 3;
  private static final byte NEGATIVE = 0;
  private static final byte ZERO = 1;
  private static final byte POSITIVE = 2;

  private SqlFunctions() {}

  static void register(Connection connection) throws SQLException {
    Function.create(connection, SORT_KEY, new SortKey(), 2, Function.FLAG_DETERMINISTIC);
    Function.create(connection, STARTS_WITH, new StartsWith(), 2, Function.FLAG_DETERMINISTIC);
    SegmentFunctions.register(connection, json -> JsonColumns.consents("consents", json));
  }

  private static final class SortKey extends Function {
    @Override
    protected void xFunc() throws SQLException {
      String json = value_text(0);
      String name = value_text(1);
      byte[] key;
      try {
        key = json == null || name == null ? null : sortKey(json, name);
      } catch (IllegalStateException e) {
        error(e.getMessage());
        return;
      }
      if (key == null) {
        result();
      } else {
        result(key);
      }
    }
  }

  private static final class StartsWith extends Function {
    @Override
    protected void xFunc() throws SQLException {
      String value = value_text(0);
      String prefix = value_text(1);
      result(value != null && prefix != null && startsWithIgnoreCase(value, prefix) ? 1 : 0);
    }
  }

  static boolean startsWithIgnoreCase(String value, String prefix) {
    return value.regionMatches(true, 0, prefix, 0, prefix.length());
  }

  /** The key of the top-level field {@code name} of a JSON object, or null when absent or null. */
  static byte @Nullable [] sortKey(String attributesJson, String name) {
    try (JsonParser parser = AttributeJson.mapper().createParser(attributesJson)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        parser.nextToken();
        if (field.equals(name)) {
          return key(AttributeJson.fromNode(AttributeJson.mapper().readTree(parser)));
        }
        parser.skipChildren();
      }
      return null;
    } catch (IOException e) {
      throw new IllegalStateException("attributes column is not valid JSON: " + e.getMessage(), e);
    }
  }

  /** The order-preserving key of one value; null for JSON null. */
  static byte @Nullable [] key(AttributeValue value) {
    if (value.isNull()) {
      return null;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BigDecimal number = value instanceof NumberValue n ? n.value()
        : value instanceof TextValue t ? NumericText.parse(t.value()) : null;
    if (number != null) {
      // A text that reads as a number sorts as that number, as in ProfileOrdering.
      out.write(NUMBER);
      writeNumber(out, number);
    } else if (value instanceof TextValue text) {
      out.write(TEXT);
      // UTF-8 byte order is code-point order, the order CodePoints.compare defines.
      out.writeBytes(text.value().getBytes(StandardCharsets.UTF_8));
    } else if (value instanceof BooleanValue bool) {
      out.write(BOOLEAN);
      out.write(bool.value() ? 1 : 0);
    } else {
      out.write(OTHER);
      // UTF-16BE byte order is String.compareTo's order, which ProfileOrdering uses here.
      out.writeBytes(value.toJson().getBytes(StandardCharsets.UTF_16BE));
    }
    return out.toByteArray();
  }

  /**
   * A decimal as bytes in value order. A non-zero value is {@code 0.d1d2... x 10^e} with {@code d1
   * != 0}; positive values write {@code e} (offset to unsigned, big-endian) and then the digits, so
   * a larger exponent, then a larger digit string, sorts later, and a shorter digit string that is
   * a prefix of a longer one sorts first. Negative values write the complement of the same bytes
   * followed by a 0 terminator, which reverses the order and keeps prefixes apart.
   */
  private static void writeNumber(ByteArrayOutputStream out, BigDecimal value) {
    int sign = value.signum();
    if (sign == 0) {
      out.write(ZERO);
      return;
    }
    BigDecimal magnitude = value.abs().stripTrailingZeros();
    String digits = magnitude.unscaledValue().toString();
    long exponent = (long) digits.length() - magnitude.scale();
    long biased = exponent - Integer.MIN_VALUE * 2L;
    byte[] body = new byte[8 + digits.length() + 1];
    for (int i = 0; i < 8; i++) {
      body[i] = (byte) (biased >>> (56 - 8 * i));
    }
    for (int i = 0; i < digits.length(); i++) {
      body[8 + i] = (byte) digits.charAt(i);
    }
    if (sign > 0) {
      out.write(POSITIVE);
      out.write(body, 0, body.length - 1);
    } else {
      out.write(NEGATIVE);
      body[body.length - 1] = 0;
      for (int i = 0; i < body.length; i++) {
        body[i] = (byte) ~body[i];
      }
      out.write(body, 0, body.length);
    }
  }
}
