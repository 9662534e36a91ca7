package io.cdpkit.storage.sqlite.internal;

import io.cdpkit.segments.insights.Aggregation;
import io.cdpkit.storage.jdbc.segments.InsightDialect;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/*
 * Design: Java functions (InsightFunctions) where SQLite has no built-in:
 *
 * - Buckets: the bounds are held in Java for the query and read by cdp_bucket(handle, ts), a
 *   binary search.
 * - Numbers: cdp_decimal sums, averages and compares the property's JSON text as exact decimals,
 *   never SQLite's doubles; cdp_json_equals compares a filter value as AttributeValue.equals.
 * - Value texts: cdp_json_value writes AttributeValue.toJson's text, so every text is a key and
 *   the cdp_utf16 collation orders keys as String.compareTo.
 */

/** The insight queries' SQL on SQLite. Thread-safe. */
public final class SqliteInsightDialect implements InsightDialect {
  /** The one instance: it holds no state. */
  public static final SqliteInsightDialect INSTANCE = new SqliteInsightDialect();
  private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private SqliteInsightDialect() {}

  /** The bounds, held in Java for the query's {@code cdp_bucket} calls (a binary search). */
  @Override
  public Object holdBounds(long[] bounds) {
    return InsightFunctions.holdBounds(bounds);
  }

  @Override
  public void releaseBounds(Object held) {
    InsightFunctions.releaseBounds((Long) held);
  }

  @Override
  public String bucketOf(String column) {
    return InsightFunctions.BUCKET + "(?, " + column + ")";
  }

  @Override
  public String rangesOfJsonArray() {
    return "SELECT value ->> 0 AS b, value ->> 1 AS lo, value ->> 2 AS hi FROM json_each(?)";
  }

  @Override
  public String propertyEquals(String name, String json, List<Object> params) {
    params.add(json);
    return InsightFunctions.JSON_EQUALS + "(?, " + property(name, params) + ")";
  }

  /** {@code json_type} skips the values that are not numbers before Java sees them. */
  @Override
  public String isNumber(String name, List<Object> params) {
    return "json_type(" + property(name, params) + ") IN ('integer', 'real')";
  }

  /** {@code cdp_decimal} aggregates the numbers' JSON texts as exact decimals, never doubles. */
  @Override
  public String numberAggregates(Aggregation aggregation, String name, List<Object> params) {
    params.add(aggregation.name());
    return InsightFunctions.DECIMAL + "(?, " + property(name, params) + ")";
  }

  @Override
  public @Nullable BigDecimal bucketValue(Aggregation aggregation, long count, ResultSet row)
      throws SQLException {
    String decimal = row.getString(3);
    return decimal == null ? null : new BigDecimal(decimal);
  }

  @Override
  public String valueText(String name, List<Object> params) {
    if (!SAFE_NAME.matcher(name).matches()) {
      return InsightFunctions.JSON_VALUE + "(" + property(name, params) + ")";
    }
    // A text of printable ASCII without quote or backslash is its JSON text quoted, as
    // AttributeValue.toJson writes it: no Java call for the usual category-like values.
    String path = "$." + name;
    params.addAll(List.of(path, path, path, path, path));
    return "CASE WHEN json_type(e.properties, ?) = 'text' AND (e.properties ->> ?)"
        + " NOT GLOB '*[^ -~]*' AND (e.properties ->> ?) NOT GLOB '*[\"\\]*'"
        + " THEN '\"' || (e.properties ->> ?) || '\"' ELSE "
        + InsightFunctions.JSON_VALUE + "(e.properties -> ?) END";
  }

  /** Every text is {@code toJson}'s, written by {@code cdp_json_value}. */
  @Override
  public String toJsonKey(String v) {
    return v;
  }

  @Override
  public String inJavaOrder(String key) {
    return key + " COLLATE " + InsightFunctions.UTF16;
  }

  /** The JSON text of the top-level event property {@code name} of {@code e}, or NULL. */
  private static String property(String name, List<Object> params) {
    if (SAFE_NAME.matcher(name).matches()) {
      params.add("$." + name);
      return "(e.properties -> ?)";
    }
    params.add(name);
    return "cdp_field(e.properties, ?)";
  }
}
