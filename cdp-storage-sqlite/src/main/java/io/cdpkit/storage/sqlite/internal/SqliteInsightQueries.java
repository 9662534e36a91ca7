package io.cdpkit.storage.sqlite.internal;

import io.cdpkit.core.spi.AttributeJson;
import io.cdpkit.core.profile.AttributeValue;
import io.cdpkit.segments.Segments;
import io.cdpkit.segments.insights.Aggregation;
import io.cdpkit.segments.insights.EventInsights;
import io.cdpkit.segments.insights.SeriesQuery;
import io.cdpkit.segments.insights.ValueCount;
import io.cdpkit.storage.jdbc.Instants;
import io.cdpkit.storage.jdbc.segments.JdbcInsightQueries;
import io.cdpkit.storage.sqlite.internal.sql.SqliteDialect;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/*
 * Design: JdbcInsightQueries, with Java functions where SQLite has no built-in:
 *
 * - Buckets: the bounds are held in Java for the query and read by cdp_bucket(handle, ts), a
 *   binary search.
 * - Numbers: cdp_decimal sums, averages and compares the property's JSON text as exact decimals,
 *   never SQLite's doubles; cdp_json_equals compares a filter value as AttributeValue.equals.
 */

/**
 * Insights on the store's database, each answer computed by one SQL query with the in-memory
 * answer ({@code InMemoryInsightQueries}) to the last digit. Thread-safe.
 */
public final class SqliteInsightQueries extends JdbcInsightQueries {
  private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private SqliteInsightQueries(SqliteDatabase database, Segments segments) {
    super(database, segments, SqliteDialect.INSTANCE);
  }

  /** Insights on {@code database} for the segments service of a Cdp on the same store. */
  public static SqliteInsightQueries on(SqliteDatabase database, Segments segments) {
    return new SqliteInsightQueries(database, segments);
  }

  /** The bounds, held in Java for the query's {@code cdp_bucket} calls (a binary search). */
  @Override
  protected Object holdBounds(long[] bounds) {
    return InsightFunctions.holdBounds(bounds);
  }

  @Override
  protected void releaseBounds(Object held) {
    InsightFunctions.releaseBounds((Long) held);
  }

  @Override
  protected String bucketOf(String column) {
    return InsightFunctions.BUCKET + "(?, " + column + ")";
  }

  /** {@code cdp_decimal} aggregated the numbers' JSON texts as exact decimals, never doubles. */
  @Override
  protected @Nullable BigDecimal bucketValue(Aggregation aggregation, long count, ResultSet row)
      throws SQLException {
    String decimal = row.getString(3);
    return decimal == null ? null : new BigDecimal(decimal);
  }

  @Override
  public EventInsights eventInsights(String type, @Nullable String property, int top) {
    Objects.requireNonNull(type, "type");
    if (top < 1) {
      throw new IllegalArgumentException("top must be at least 1, was " + top);
    }
    List<Object> params = new ArrayList<>();
    StringBuilder value = new StringBuilder();
    if (property == null) {
      value.append("NULL");
    } else {
      boolean plain = SAFE_NAME.matcher(property).matches();
      if (plain) {
        // A text of printable ASCII without quote or backslash is its JSON text quoted, as
        // AttributeValue.toJson writes it: no Java call for the usual category-like values.
        value.append("CASE WHEN json_type(e.properties, ?) = 'text' AND (e.properties ->> ?)"
            + " NOT GLOB '*[^ -~]*' AND (e.properties ->> ?) NOT GLOB '*[\"\\]*'"
            + " THEN '\"' || (e.properties ->> ?) || '\"' ELSE ");
        params.addAll(List.of("$." + property, "$." + property, "$." + property, "$." + property));
      }
      value.append(InsightFunctions.JSON_VALUE).append('(');
      property(value, params, property);
      value.append(plain ? ") END" : ")");
    }
    params.add(type);
    params.add(top);
    // MATERIALIZED: the summary and the top values read ev once, not each event's row twice.
    String sql = "WITH ev AS MATERIALIZED (SELECT e.profile_id AS profile_id, e.ts AS ts, " + value
        + " AS v FROM events e WHERE e.type = ? AND " + OWNED + ")"
        + " SELECT part, n, d, lo, hi, v FROM ("
        + "SELECT 0 AS part, count(*) AS n, count(DISTINCT profile_id) AS d, min(ts) AS lo,"
        + " max(ts) AS hi, NULL AS v FROM ev"
        + " UNION ALL SELECT * FROM (SELECT 1, count(*) AS c, NULL, NULL, NULL, v FROM ev"
        + " WHERE v IS NOT NULL GROUP BY v ORDER BY c DESC, v COLLATE " + InsightFunctions.UTF16
        + " LIMIT ?)) ORDER BY part, n DESC, v COLLATE " + InsightFunctions.UTF16;
    long[] totals = new long[2];
    Instant[] range = new Instant[2];
    List<ValueCount> topValues = new ArrayList<>();
    rows("compute the insights of event type " + type, sql, params, row -> {
      if (row.getInt(1) == 0) {
        totals[0] = row.getLong(2);
        totals[1] = row.getLong(3);
        long lo = row.getLong(4);
        range[0] = row.wasNull() ? null : Instants.ofNanos(lo);
        long hi = row.getLong(5);
        range[1] = row.wasNull() ? null : Instants.ofNanos(hi);
      } else {
        topValues.add(new ValueCount(row.getString(6), row.getLong(2)));
      }
    });
    return new EventInsights(type, totals[0], totals[1], topValues, range[0], range[1]);
  }

  /**
   * Matching events per bucket: {@code bucket, count, decimal}, the decimal being the property's
   * aggregate when the aggregation reads one; bucket -1 counts the events before the range (for
   * {@link Aggregation#CUMULATIVE}).
   */
  @Override
  protected String eventsSql(
      SeriesQuery query, Object held, long[] bounds, @Nullable String members, List<Object> params) {
    Aggregation aggregation = query.aggregation();
    boolean ranges = query.eventType() != null;
    StringBuilder sql = new StringBuilder("SELECT ");
    if (ranges) {
      // Each bucket is a range of events_by_type (type, ts), bucket by bucket: no function per event.
      sql.append("r.value ->> 0 AS b, count(*), ");
    } else {
      sql.append(bucketOf("e.ts")).append(" AS b, count(*), ");
      params.add(held);
    }
    if (aggregation.needsProperty()) {
      sql.append(InsightFunctions.DECIMAL).append("(?, ");
      params.add(aggregation.name());
      property(sql, params, Objects.requireNonNull(query.property()));
      sql.append(')');
    } else {
      sql.append("NULL");
    }
    if (ranges) {
      sql.append(" FROM json_each(?) r CROSS JOIN events e WHERE e.ts >= r.value ->> 1"
          + " AND e.ts < r.value ->> 2");
      params.add(ranges(bounds, aggregation == Aggregation.CUMULATIVE));
    } else {
      sql.append(" FROM events e WHERE e.ts < ?");
      params.add(bounds[bounds.length - 1]);
    }
    if (!ranges && aggregation != Aggregation.CUMULATIVE) {
      sql.append(" AND e.ts >= ?");
      params.add(bounds[0]);
    }
    if (query.eventType() != null) {
      sql.append(" AND e.type = ?");
      params.add(query.eventType());
    }
    sql.append(" AND ").append(OWNED);
    if (members != null) {
      sql.append(" AND e.profile_id IN (SELECT value FROM json_each(?))");
      params.add(members);
    }
    for (Map.Entry<String, AttributeValue> condition : query.where().entrySet()) {
      sql.append(" AND ").append(InsightFunctions.JSON_EQUALS).append("(?, ");
      params.add(AttributeJson.write(condition.getValue()));
      property(sql, params, condition.getKey());
      sql.append(')');
    }
    if (aggregation.needsProperty() && SAFE_NAME.matcher(query.property()).matches()) {
      // Only numbers count; json_type skips the others before Java sees them.
      sql.append(" AND json_type(e.properties, ?) IN ('integer', 'real')");
      params.add("$." + query.property());
    }
    return sql.append(" GROUP BY b").toString();
  }

  /** {@code [[bucket, from, to], ...]}, and {@code [-1, MIN, first]} before them when asked. */
  private static String ranges(long[] bounds, boolean before) {
    StringBuilder json = new StringBuilder("[");
    if (before) {
      json.append("[-1,").append(Long.MIN_VALUE).append(',').append(bounds[0]).append("],");
    }
    for (int i = 0; i + 1 < bounds.length; i++) {
      json.append('[').append(i).append(',').append(bounds[i]).append(',').append(bounds[i + 1])
          .append("],");
    }
    return json.deleteCharAt(json.length() - 1).append(']').toString();
  }

  /** The JSON text of the top-level event property {@code name} of {@code e}, or NULL. */
  private static void property(StringBuilder sql, List<Object> params, String name) {
    if (SAFE_NAME.matcher(name).matches()) {
      sql.append("(e.properties -> ?)");
      params.add("$." + name);
    } else {
      sql.append("cdp_field(e.properties, ?)");
      params.add(name);
    }
  }
}
