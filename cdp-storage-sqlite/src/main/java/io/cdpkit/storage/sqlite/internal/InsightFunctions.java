package io.cdpkit.storage.sqlite.internal;

import io.cdpkit.core.InvalidInputException;
import io.cdpkit.core.spi.AttributeJson;
import io.cdpkit.core.profile.AttributeValue;
import io.cdpkit.core.profile.NumberValue;
import java.math.BigDecimal;
import java.math.MathContext;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.sqlite.Collation;
import org.sqlite.Function;

/**
 * The SQL functions insight queries use, registered on every connection, for the rules SQLite's
 * built-ins cannot state exactly:
 *
 * <ul>
 *   <li>{@code cdp_bucket(handle, ts)}: the index of the bucket holding the nanosecond instant
 *       {@code ts} among the held bucket bounds (computed in Java, exact across DST and month
 *       lengths), -1 before the first bound, NULL at or after the last;
 *   <li>{@code cdp_decimal(kind, json)}: an aggregate of the numbers among JSON values, in exact
 *       decimals as the in-memory insights compute them: {@code SUM}, {@code AVG} (the sum divided
 *       by the count in {@link MathContext#DECIMAL64}), {@code MIN}, {@code MAX}; the result is
 *       the decimal's text, NULL when no value was a number;
 *   <li>{@code cdp_json_value(json)}: the JSON text {@link AttributeValue#toJson()} gives the
 *       value, NULL for SQL NULL and JSON null (the key top values are counted under);
 *   <li>{@code cdp_json_equals(expected, json)}: 1 when the value equals the expected one as
 *       {@link AttributeValue#equals} decides (30 equals 30.0), else 0; 0 for SQL NULL;
 *   <li>collation {@code cdp_utf16}: {@link String#compareTo}, the order ties of top values are
 *       broken in (SQLite's binary order differs above U+FFFF).
 * </ul>
 */
final class InsightFunctions {
  static final String BUCKET = "cdp_bucket";
  static final String DECIMAL = "cdp_decimal";
  static final String JSON_VALUE = "cdp_json_value";
  static final String JSON_EQUALS = "cdp_json_equals";
  static final String UTF16 = "cdp_utf16";

  /** SQLite's type code of NULL, as {@code value_type} reports it. */
  private static final int SQLITE_NULL = 5;
  private static final Map<Long, long[]> BOUNDS = new ConcurrentHashMap<>();
  private static final AtomicLong NEXT = new AtomicLong();

  private InsightFunctions() {}

  static void register(Connection connection) throws SQLException {
    Function.create(connection, BUCKET, new BucketFunction(), 2, Function.FLAG_DETERMINISTIC);
    Function.create(connection, DECIMAL, new DecimalFunction(), 2, 0);
    Function.create(connection, JSON_VALUE, new JsonValueFunction(), 1, Function.FLAG_DETERMINISTIC);
    Function.create(connection, JSON_EQUALS, new JsonEqualsFunction(), 2, Function.FLAG_DETERMINISTIC);
    Collation.create(connection, UTF16, new Utf16Collation());
  }

  /** Holds ascending bucket bounds (nanoseconds) for a query; release the handle after it ran. */
  static long holdBounds(long[] bounds) {
    long handle = NEXT.incrementAndGet();
    BOUNDS.put(handle, bounds);
    return handle;
  }

  static void releaseBounds(long handle) {
    BOUNDS.remove(handle);
  }

  /** The bucket of {@code at} among {@code bounds}: -1 before, {@code -2} at or after the end. */
  static int bucket(long[] bounds, long at) {
    if (at < bounds[0]) {
      return -1;
    }
    if (at >= bounds[bounds.length - 1]) {
      return -2;
    }
    int found = Arrays.binarySearch(bounds, at);
    if (found < 0) {
      return -found - 2;
    }
    // Clamped bounds can repeat; the bucket is the last one starting at or before the instant.
    while (found + 1 < bounds.length - 1 && bounds[found + 1] == at) {
      found++;
    }
    return found;
  }

  private static final class BucketFunction extends Function {
    @Override
    protected void xFunc() throws SQLException {
      long[] bounds = BOUNDS.get(value_long(0));
      if (bounds == null) {
        error("insight query: bucket bounds " + value_long(0) + " are not held");
        return;
      }
      if (value_type(1) == SQLITE_NULL) {
        result();
        return;
      }
      int bucket = bucket(bounds, value_long(1));
      if (bucket == -2) {
        result();
      } else {
        result(bucket);
      }
    }
  }

  private static final class DecimalFunction extends Function.Aggregate {
    private @Nullable String kind;
    private @Nullable BigDecimal sum;
    private @Nullable BigDecimal min;
    private @Nullable BigDecimal max;
    private long count;

    @Override
    protected void xStep() throws SQLException {
      if (kind == null) {
        kind = value_text(0);
      }
      if (value_type(1) == SQLITE_NULL) {
        return;
      }
      AttributeValue value;
      try {
        value = AttributeJson.parse(value_text(1));
      } catch (InvalidInputException e) {
        error("insight query: a stored value does not read: " + e.getMessage());
        return;
      }
      if (value instanceof NumberValue number) {
        BigDecimal x = number.value();
        count++;
        sum = sum == null ? x : sum.add(x);
        min = min == null || x.compareTo(min) < 0 ? x : min;
        max = max == null || x.compareTo(max) > 0 ? x : max;
      }
    }

    @Override
    protected void xFinal() throws SQLException {
      if (sum == null || kind == null) {
        result();
        return;
      }
      BigDecimal value;
      switch (kind) {
        case "SUM":
          value = sum;
          break;
        case "AVG":
          value = sum.divide(BigDecimal.valueOf(count), MathContext.DECIMAL64);
          break;
        case "MIN":
          value = min;
          break;
        case "MAX":
          value = max;
          break;
        default:
          error("insight query: unknown aggregate " + kind);
          return;
      }
      result(String.valueOf(value));
    }

    /** SQLite runs each evaluation on a clone of the registered, empty instance. */
    @Override
    public Object clone() throws CloneNotSupportedException {
      DecimalFunction copy = (DecimalFunction) super.clone();
      copy.kind = null;
      copy.sum = null;
      copy.min = null;
      copy.max = null;
      copy.count = 0;
      return copy;
    }
  }

  private static final class JsonValueFunction extends Function {
    @Override
    protected void xFunc() throws SQLException {
      if (value_type(0) == SQLITE_NULL) {
        result();
        return;
      }
      AttributeValue value;
      try {
        value = AttributeJson.parse(value_text(0));
      } catch (InvalidInputException e) {
        error("insight query: a stored value does not read: " + e.getMessage());
        return;
      }
      if (value.isNull()) {
        result();
      } else {
        result(value.toJson());
      }
    }
  }

  /** Keeps the last expected value parsed: a statement passes the same one on every row. */
  private static final class JsonEqualsFunction extends Function {
    private @Nullable String expectedJson;
    private @Nullable AttributeValue expected;

    @Override
    protected synchronized void xFunc() throws SQLException {
      if (value_type(1) == SQLITE_NULL) {
        result(0);
        return;
      }
      try {
        String json = value_text(0);
        if (expected == null || !json.equals(expectedJson)) {
          expected = AttributeJson.parse(json);
          expectedJson = json;
        }
        result(expected.equals(AttributeJson.parse(value_text(1))) ? 1 : 0);
      } catch (InvalidInputException e) {
        error("insight query: a stored value does not read: " + e.getMessage());
      }
    }
  }

  private static final class Utf16Collation extends Collation {
    @Override
    protected int xCompare(String left, String right) {
      return left.compareTo(right);
    }
  }
}
