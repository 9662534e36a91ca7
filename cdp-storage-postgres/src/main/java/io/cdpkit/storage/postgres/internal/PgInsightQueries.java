package io.cdpkit.storage.postgres.internal;

import io.cdpkit.core.spi.AttributeJson;
import io.cdpkit.core.profile.AttributeValue;
import io.cdpkit.segments.Segments;
import io.cdpkit.segments.insights.Aggregation;
import io.cdpkit.segments.insights.EventInsights;
import io.cdpkit.segments.insights.InMemoryInsightQueries;
import io.cdpkit.segments.insights.SeriesQuery;
import io.cdpkit.segments.insights.ValueCount;
import io.cdpkit.storage.jdbc.Instants;
import io.cdpkit.storage.jdbc.segments.JdbcInsightQueries;
import java.math.BigDecimal;
import java.math.MathContext;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/*
 * Design: JdbcInsightQueries, with PostgreSQL's built-ins where SQLite needs Java functions:
 *
 * - Buckets: the bounds are bound as one bigint[]; width_bucket(ts, bounds) is the number of
 *   bounds at or before ts, so width_bucket - 1 is the bucket index, -1 before the range.
 * - Numbers: jsonb numbers are numeric, so sum, min and max are exact; the average is the sum
 *   divided by the count in Java (MathContext.DECIMAL64, as the in-memory insights round).
 * - Filters: jsonb equality is AttributeValue.equals (numbers by value, objects by fields).
 * - Top values: grouped in SQL by the jsonb text, which the store writes from normalised values,
 *   so equal texts are equal values and back; ranked in Java by AttributeValue.toJson, whose text
 *   and order (String.compareTo) SQL cannot reproduce exactly (spacing, exponents, UTF-16 order).
 *   So SQL returns every group counted more often than the top-th one, and of those tied with it
 *   the ones whose jsonb text is not their toJson text plus the first `top` of the others by that
 *   text: the ties at the cut-off are resolved in Java.
 */

/**
 * Insights on the store's database, each answer computed by one SQL query with the in-memory
 * answer ({@link InMemoryInsightQueries}) to the last digit. Thread-safe.
 */
public final class PgInsightQueries extends JdbcInsightQueries {
  /**
   * Whether the jsonb text {@code v} is its value's {@code toJson} text, and sorts as it does in
   * code point order: booleans, integers that Jackson writes as longs, and strings without an
   * escape (Jackson's differ from PostgreSQL's) or a character from U+E000 (where UTF-16 order
   * departs from code point order). Other values are ranked in Java.
   */
  private static final String TO_JSON_AS_IS = "v IN ('true', 'false') OR v ~ '^-?[0-9]{1,18}$'"
      + " OR v LIKE '\"%' AND position('\\' IN v) = 0 AND v !~ '[\\uE000-\\U0010FFFF]'";

  private PgInsightQueries(PgDatabase database, Segments segments) {
    super(database, segments, PostgresDialect.INSTANCE);
  }

  /** Insights on {@code database} for the segments service of a Cdp on the same store. */
  public static PgInsightQueries on(PgDatabase database, Segments segments) {
    return new PgInsightQueries(database, segments);
  }

  /** The bounds as one bigint[] literal; width_bucket counts the bounds at or before a value. */
  @Override
  protected Object holdBounds(long[] bounds) {
    return array(bounds);
  }

  @Override
  protected void releaseBounds(Object held) {}

  @Override
  protected String bucketOf(String column) {
    return "width_bucket(" + column + ", ?::bigint[]) - 1";
  }

  /** jsonb numbers are numeric: sum, min and max are exact; the average divides in Java. */
  @Override
  protected @Nullable BigDecimal bucketValue(Aggregation aggregation, long count, ResultSet row)
      throws SQLException {
    return value(aggregation, count, row.getBigDecimal(3), row.getBigDecimal(4),
        row.getBigDecimal(5));
  }

  @Override
  public EventInsights eventInsights(String type, @Nullable String property, int top) {
    Objects.requireNonNull(type, "type");
    if (top < 1) {
      throw new IllegalArgumentException("top must be at least 1, was " + top);
    }
    // Part 0 is the statistics row; part 1 the value groups counted more often than the top-th
    // one, then of those tied with it all whose jsonb text may not be their toJson text, and
    // the first `top` of the others in that text's order.
    String sql = "WITH ev AS (SELECT e.profile_id, e.ts, e.properties -> ?::text AS v"
        + " FROM events e WHERE e.type = ? AND " + OWNED + "),"
        + " g AS (SELECT v::text AS v, count(*) AS n FROM ev WHERE jsonb_typeof(v) <> 'null'"
        + " GROUP BY v::text),"
        + " k AS (SELECT v, n, CASE WHEN " + TO_JSON_AS_IS + " THEN v END AS key FROM g),"
        + " cut AS (SELECT coalesce((SELECT n FROM g ORDER BY n DESC OFFSET ? LIMIT 1), 0) AS n)"
        + " SELECT 0 AS part, count(*), count(DISTINCT profile_id), min(ts), max(ts), NULL FROM ev"
        + " UNION ALL SELECT 1, n, NULL, NULL, NULL, v FROM k"
        + " WHERE n > (SELECT n FROM cut) OR n = (SELECT n FROM cut) AND key IS NULL"
        + " UNION ALL (SELECT 1, n, NULL, NULL, NULL, v FROM k WHERE n = (SELECT n FROM cut)"
        + " AND key IS NOT NULL ORDER BY key COLLATE \"C\" LIMIT ?)";
    List<Row> rows = database.readSql(session -> session.list(
        "compute the insights of event type " + type, sql,
        row -> new Row(row.getInt(1), row.getLong(2), row.getLong(3),
            instant(row.getObject(4)), instant(row.getObject(5)), row.getString(6)),
        property, type, top - 1, top));
    Row totals = rows.stream().filter(row -> row.part() == 0).findFirst().orElseThrow();
    List<ValueCount> topValues = rows.stream().filter(row -> row.part() == 1)
        .map(row -> new ValueCount(AttributeJson.parse(row.value()).toJson(), row.count()))
        .sorted(Comparator.comparingLong(ValueCount::count).reversed()
            .thenComparing(ValueCount::value))
        .limit(top)
        .toList();
    return new EventInsights(
        type, totals.count(), totals.profiles(), topValues, totals.first(), totals.last());
  }

  /** A row of the event insights query: the statistics (part 0) or a value group (part 1). */
  private record Row(int part, long count, long profiles, @Nullable Instant first,
      @Nullable Instant last, @Nullable String value) {}

  private static @Nullable Instant instant(@Nullable Object nanos) {
    return nanos == null ? null : Instants.ofNanos(((Number) nanos).longValue());
  }

  /** The value of a bucket of {@code count} numbers, as {@code InMemoryInsightQueries} has it. */
  private static @Nullable BigDecimal value(Aggregation aggregation, long count,
      @Nullable BigDecimal sum, @Nullable BigDecimal min, @Nullable BigDecimal max) {
    switch (aggregation) {
      case SUM:
        return sum;
      case AVG:
        return sum == null ? null : sum.divide(BigDecimal.valueOf(count), MathContext.DECIMAL64);
      case MIN:
        return min;
      case MAX:
        return max;
      default:
        throw new IllegalArgumentException(aggregation + " reads no property");
    }
  }

  /**
   * Matching events per bucket: {@code bucket, count}, and when the aggregation reads a property
   * {@code sum, min, max} of its numbers (the count then counting numbers only);
   * bucket -1 counts the events before the range (for {@link Aggregation#CUMULATIVE}).
   */
  @Override
  protected String eventsSql(
      SeriesQuery query, Object held, long[] bounds, @Nullable String members, List<Object> params) {
    Aggregation aggregation = query.aggregation();
    boolean numbers = aggregation.needsProperty();
    StringBuilder sql = new StringBuilder("SELECT " + bucketOf("e.ts") + " AS b, count(*)");
    params.add(held);
    if (numbers) {
      sql.append(", sum(x.v::numeric), min(x.v::numeric), max(x.v::numeric) FROM events e"
          + " CROSS JOIN LATERAL (SELECT e.properties -> ?::text AS v) x");
      params.add(Objects.requireNonNull(query.property()));
    } else {
      sql.append(" FROM events e");
    }
    sql.append(" WHERE e.ts < ?");
    params.add(bounds[bounds.length - 1]);
    if (aggregation != Aggregation.CUMULATIVE) {
      sql.append(" AND e.ts >= ?");
      params.add(bounds[0]);
    }
    if (query.eventType() != null) {
      sql.append(" AND e.type = ?");
      params.add(query.eventType());
    }
    sql.append(" AND ").append(OWNED);
    if (members != null) {
      sql.append(" AND e.profile_id IN (SELECT jsonb_array_elements_text(?::jsonb))");
      params.add(members);
    }
    for (Map.Entry<String, AttributeValue> condition : query.where().entrySet()) {
      sql.append(" AND e.properties -> ?::text = ?::jsonb");
      params.add(condition.getKey());
      params.add(AttributeJson.write(condition.getValue()));
    }
    if (numbers) {
      // Only numbers count, and only they are cast (quals run before the aggregates' inputs).
      sql.append(" AND jsonb_typeof(x.v) = 'number'");
    }
    return sql.append(" GROUP BY b").toString();
  }

  /** A bigint[] literal: numbers need no quoting. */
  private static String array(long[] values) {
    return Arrays.stream(values).mapToObj(Long::toString).collect(Collectors.joining(",", "{", "}"));
  }
}
