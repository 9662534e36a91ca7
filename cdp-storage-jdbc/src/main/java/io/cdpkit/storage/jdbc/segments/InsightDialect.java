package io.cdpkit.storage.jdbc.segments;

import io.cdpkit.segments.insights.Aggregation;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What differs between databases in {@link JdbcInsightQueries}: how a timestamp finds its bucket,
 * how an event property is read, compared and aggregated, and how a value's JSON text is ordered.
 * Each method returns fixed SQL text and adds the values it binds to {@code params}, in order. The
 * event is {@code e} (a row of {@code events}); {@code name} is a top-level property name of any
 * spelling. Thread-safe.
 */
public interface InsightDialect {

  /** Hands bucket bounds to the database for one query; the value binds {@link #bucketOf}. */
  Object holdBounds(long[] bounds);

  /** Releases what {@link #holdBounds} held, when the query is done. */
  void releaseBounds(Object held);

  /**
   * The bucket index of the nanosecond timestamp {@code column} among the held bounds (its one
   * {@code ?}): -1 before the first bound.
   */
  String bucketOf(String column);

  /**
   * A subquery of rows {@code (b, lo, hi)} from the JSON array of {@code [bucket, from, to]}
   * integer triples its one parameter holds.
   */
  String rangesOfJsonArray();

  /**
   * A FROM clause of the events of one type whose timestamps fall in the ranges of {@link
   * #rangesOfJsonArray()}, as {@code r} and {@code e}, ending in a WHERE that more conditions on
   * {@code e} follow with AND; parameters: the ranges, then the type. By default a plain join, which
   * SQLite runs as one index range per range.
   */
  default String eventsInRanges() {
    return "(" + rangesOfJsonArray() + ") r CROSS JOIN events e"
        + " WHERE e.ts >= r.lo AND e.ts < r.hi AND e.type = ?";
  }

  /** A condition that the property {@code name} of {@code e} equals the value of the JSON text. */
  String propertyEquals(String name, String json, List<Object> params);

  /** A condition that the property {@code name} of {@code e} is a number. */
  String isNumber(String name, List<Object> params);

  /**
   * The columns after {@code bucket, count} that {@link #bucketValue} reads: the aggregate of the
   * numbers in the property {@code name} of a bucket's events.
   */
  String numberAggregates(Aggregation aggregation, String name, List<Object> params);

  /** The aggregate of a bucket of {@code count} numbers from its row, as the in-memory one. */
  @Nullable BigDecimal bucketValue(Aggregation aggregation, long count, ResultSet row)
      throws SQLException;

  /**
   * A JSON text of the property {@code name} of {@code e}, one text per value (equal texts are
   * equal values and back); NULL when missing or JSON null.
   */
  String valueText(String name, List<Object> params);

  /**
   * An expression of the value text {@code v}: {@code v} when it is the text {@code
   * AttributeValue.toJson} gives (and {@link #inJavaOrder} sorts it as {@link String#compareTo}
   * does), else NULL; the others are ranked in Java.
   */
  String toJsonKey(String v);

  /** An {@code ORDER BY} term sorting the texts of {@code key} as {@link String#compareTo}. */
  String inJavaOrder(String key);
}
