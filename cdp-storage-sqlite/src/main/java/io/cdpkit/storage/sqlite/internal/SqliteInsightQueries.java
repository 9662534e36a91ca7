package io.cdpkit.storage.sqlite.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.cdpkit.core.identity.Identifier;
import io.cdpkit.core.spi.AttributeJson;
import io.cdpkit.core.profile.AttributeValue;
import io.cdpkit.segments.EvaluationContext;
import io.cdpkit.segments.Segments;
import io.cdpkit.segments.ast.ReachableVia;
import io.cdpkit.segments.insights.ActiveUsers;
import io.cdpkit.segments.insights.Aggregation;
import io.cdpkit.segments.insights.Bucket;
import io.cdpkit.segments.insights.EventInsights;
import io.cdpkit.segments.insights.InsightQueries;
import io.cdpkit.segments.insights.ReachabilityDay;
import io.cdpkit.segments.insights.Series;
import io.cdpkit.segments.insights.SeriesQuery;
import io.cdpkit.segments.insights.ValueCount;
import io.cdpkit.segments.spi.SegmentQueries.SegmentQuery;
import io.cdpkit.storage.jdbc.Instants;
import io.cdpkit.storage.jdbc.SqlConnection;
import io.cdpkit.storage.jdbc.sql.SegmentSqlCompiler;
import io.cdpkit.storage.sqlite.internal.sql.SqliteDialect;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/*
 * Design: each method is one parameterised SELECT run against one snapshot on a reader; every
 * value is bound, the SQL text holds only fixed words.
 *
 * - Rows: the events whose owner is a stored profile (EXISTS on profiles), as the in-memory
 *   insights read them (the events of each profile).
 * - Buckets: their bounds are computed in Java (Interval.truncate and plus in the zone, exact
 *   across DST and month lengths), held for the query and read by cdp_bucket(handle, ts), a
 *   binary search; the query groups by that index, and buckets without rows are zero. The
 *   in-memory insights compare milliseconds, so each bound is its instant's millisecond in
 *   nanoseconds: ts >= ms * 1e6 exactly when floor(ts / 1e6) >= ms.
 * - Numbers: cdp_decimal sums, averages and compares the property's JSON text as exact decimals,
 *   never SQLite's doubles; cdp_json_equals compares a filter value as AttributeValue.equals.
 * - A series' segment: the ids Segments.matching gives (the call the in-memory insights make; it
 *   runs in SQL when the service is built with the store's segment queries, in Java otherwise,
 *   $computed included), bound as one JSON array read by json_each.
 * - Reachability: the segment compiler's SQL for "reachable via CHANNEL", which is
 *   ReachabilityPolicy.check.
 */

/**
 * {@link InsightQueries} on the store's database, each answer computed by one SQL query with the
 * in-memory answer ({@code InMemoryInsightQueries}) to the last digit. Thread-safe.
 */
public final class SqliteInsightQueries implements InsightQueries {
  private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final long NANOS_PER_MILLI = 1_000_000L;
  private static final String OWNED = "EXISTS (SELECT 1 FROM profiles p WHERE p.id = e.profile_id)";

  private final SqliteDatabase database;
  private final Segments segments;

  private SqliteInsightQueries(SqliteDatabase database, Segments segments) {
    this.database = database;
    this.segments = segments;
  }

  /** Insights on {@code database} for the segments service of a Cdp on the same store. */
  public static SqliteInsightQueries on(SqliteDatabase database, Segments segments) {
    return new SqliteInsightQueries(
        Objects.requireNonNull(database, "database"), Objects.requireNonNull(segments, "segments"));
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
      value.append(InsightFunctions.JSON_VALUE).append('(');
      property(value, params, property);
      value.append(')');
    }
    params.add(type);
    params.add(top);
    String sql = "WITH ev AS (SELECT e.profile_id AS profile_id, e.ts AS ts, " + value
        + " AS v FROM events e WHERE e.type = ? AND " + OWNED + ")"
        + " SELECT part, n, d, lo, hi, v FROM ("
        + "SELECT 0 AS part, count(*) AS n, count(DISTINCT profile_id) AS d, min(ts) AS lo,"
        + " max(ts) AS hi, NULL AS v FROM ev"
        + " UNION ALL SELECT * FROM (SELECT 1, count(*) AS c, NULL, NULL, NULL, v FROM ev"
        + " WHERE v IS NOT NULL GROUP BY v ORDER BY c DESC, v COLLATE " + InsightFunctions.UTF16
        + " LIMIT ?)) ORDER BY part, n DESC, v COLLATE " + InsightFunctions.UTF16;
    return database.readSql("compute the insights of event type " + type, c -> {
      long count = 0;
      long profiles = 0;
      Instant first = null;
      Instant last = null;
      List<ValueCount> topValues = new ArrayList<>();
      try (SqlConnection.OwnedStatement statement = c.prepareOwned(sql)) {
        bind(statement.statement(), params);
        try (SqlConnection.Rows rows = c.query(statement.statement())) {
          while (rows.next()) {
            ResultSet row = rows.results();
            if (row.getInt(1) == 0) {
              count = row.getLong(2);
              profiles = row.getLong(3);
              long lo = row.getLong(4);
              first = row.wasNull() ? null : Instants.ofNanos(lo);
              long hi = row.getLong(5);
              last = row.wasNull() ? null : Instants.ofNanos(hi);
            } else {
              topValues.add(new ValueCount(row.getString(6), row.getLong(2)));
            }
          }
        }
      }
      return new EventInsights(type, count, profiles, topValues, first, last);
    });
  }

  @Override
  public Series series(SeriesQuery query) {
    Objects.requireNonNull(query, "query");
    List<Instant> starts = query.bucketStarts();
    int n = starts.size();
    long[] bounds = new long[n + 1];
    for (int i = 0; i < n; i++) {
      bounds[i] = millisAsNanos(starts.get(i));
    }
    bounds[n] = millisAsNanos(query.to());
    @Nullable String members = query.segment() == null
        ? null : json(segments.matching(query.segment().print()));
    Aggregation aggregation = query.aggregation();
    long handle = InsightFunctions.holdBounds(bounds);
    try {
      List<Object> params = new ArrayList<>();
      String sql = aggregation == Aggregation.PROFILES_CREATED
          ? profilesCreatedSql(handle, bounds, members, params)
          : eventsSql(query, handle, bounds, members, params);
      BigDecimal[] values = new BigDecimal[n];
      long[] counts = new long[n];
      long[] before = {0};
      database.readSql("compute series " + query.name(), c -> {
        try (SqlConnection.OwnedStatement statement = c.prepareOwned(sql)) {
          bind(statement.statement(), params);
          try (SqlConnection.Rows rows = c.query(statement.statement())) {
            while (rows.next()) {
              ResultSet row = rows.results();
              int bucket = row.getInt(1);
              if (bucket < 0) {
                before[0] = row.getLong(2);
                continue;
              }
              counts[bucket] = row.getLong(2);
              String decimal = row.getString(3);
              values[bucket] = decimal == null ? null : new BigDecimal(decimal);
            }
          }
        }
        return null;
      });
      List<Bucket> buckets = new ArrayList<>(n);
      long running = before[0];
      for (int i = 0; i < n; i++) {
        running += counts[i];
        BigDecimal value;
        if (aggregation == Aggregation.CUMULATIVE) {
          value = BigDecimal.valueOf(running);
        } else if (aggregation.needsProperty()) {
          value = values[i] == null ? BigDecimal.ZERO : values[i];
        } else {
          value = BigDecimal.valueOf(counts[i]);
        }
        buckets.add(new Bucket(starts.get(i), value));
      }
      return new Series(query.name(), buckets);
    } finally {
      InsightFunctions.releaseBounds(handle);
    }
  }

  /** Profiles created per bucket: {@code bucket, count, NULL}. */
  private static String profilesCreatedSql(
      long handle, long[] bounds, @Nullable String members, List<Object> params) {
    params.add(handle);
    params.add(bounds[0]);
    params.add(bounds[bounds.length - 1]);
    StringBuilder sql = new StringBuilder("SELECT ").append(InsightFunctions.BUCKET)
        .append("(?, p.created_at) AS b, count(*), NULL FROM profiles p"
            + " WHERE p.created_at >= ? AND p.created_at < ?");
    if (members != null) {
      sql.append(" AND p.id IN (SELECT value FROM json_each(?))");
      params.add(members);
    }
    return sql.append(" GROUP BY b").toString();
  }

  /**
   * Matching events per bucket: {@code bucket, count, decimal}, the decimal being the property's
   * aggregate when the aggregation reads one; bucket -1 counts the events before the range (for
   * {@link Aggregation#CUMULATIVE}).
   */
  private static String eventsSql(
      SeriesQuery query, long handle, long[] bounds, @Nullable String members, List<Object> params) {
    Aggregation aggregation = query.aggregation();
    StringBuilder sql = new StringBuilder("SELECT ").append(InsightFunctions.BUCKET)
        .append("(?, e.ts) AS b, count(*), ");
    params.add(handle);
    if (aggregation.needsProperty()) {
      sql.append(InsightFunctions.DECIMAL).append("(?, ");
      params.add(aggregation.name());
      property(sql, params, Objects.requireNonNull(query.property()));
      sql.append(')');
    } else {
      sql.append("NULL");
    }
    sql.append(" FROM events e WHERE e.ts < ?");
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

  @Override
  public List<ReachabilityDay> reachabilityByDay(
      String channel, LocalDate first, LocalDate last, ZoneId zone, Instant now) {
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(now, "now");
    long days = ChronoUnit.DAYS.between(first, last) + 1;
    if (days < 1 || days > SeriesQuery.MAX_BUCKETS) {
      throw new IllegalArgumentException(
          "days from " + first + " to " + last + " must be 1 to " + SeriesQuery.MAX_BUCKETS);
    }
    long[] bounds = new long[(int) days + 1];
    for (int i = 0; i <= days; i++) {
      bounds[i] = Instants.toNanosClamped(first.plusDays(i).atStartOfDay(zone).toInstant());
    }
    EvaluationContext context = EvaluationContext.builder(now)
        .reachability(segments.cdp().privacy().reachability()).build();
    SegmentQuery reachable = new SegmentQuery(
        new ReachableVia(channel), context, name -> Optional.empty(), database.segmentStore());
    long handle = InsightFunctions.holdBounds(bounds);
    try (SegmentSqlCompiler.Compiled condition =
        SegmentSqlCompiler.compile(reachable, SqliteDialect.INSTANCE, true)
        .orElseThrow(() -> new IllegalStateException("reachable via compiles to SQL"))) {
      List<Object> params = new ArrayList<>();
      params.add(handle);
      params.addAll(condition.params());
      params.add(bounds[bounds.length - 1]);
      String sql = "SELECT " + InsightFunctions.BUCKET + "(?, p.created_at) AS b, count(*),"
          + " coalesce(sum(CASE WHEN " + condition.where() + " THEN 1 ELSE 0 END), 0)"
          + " FROM profiles p WHERE p.created_at < ? GROUP BY b";
      long[] created = new long[(int) days];
      long[] reachableCreated = new long[(int) days];
      long[] before = {0, 0};
      database.readSql("count reachable profiles per day", c -> {
        try (SqlConnection.OwnedStatement statement = c.prepareOwned(sql)) {
          bind(statement.statement(), params);
          try (SqlConnection.Rows rows = c.query(statement.statement())) {
            while (rows.next()) {
              ResultSet row = rows.results();
              int day = row.getInt(1);
              if (day < 0) {
                before[0] = row.getLong(2);
                before[1] = row.getLong(3);
              } else {
                created[day] = row.getLong(2);
                reachableCreated[day] = row.getLong(3);
              }
            }
          }
        }
        return null;
      });
      List<ReachabilityDay> result = new ArrayList<>((int) days);
      long total = before[0];
      long reachableTotal = before[1];
      for (int i = 0; i < days; i++) {
        total += created[i];
        reachableTotal += reachableCreated[i];
        result.add(new ReachabilityDay(first.plusDays(i), total, reachableTotal));
      }
      return result;
    } finally {
      InsightFunctions.releaseBounds(handle);
    }
  }

  @Override
  public ActiveUsers activeUsers(YearMonth month, ZoneId zone, Set<String> inactiveTypes) {
    Objects.requireNonNull(month, "month");
    Objects.requireNonNull(zone, "zone");
    String inactive = json(List.copyOf(Set.copyOf(inactiveTypes)));
    long start = millisAsNanos(month.atDay(1).atStartOfDay(zone).toInstant());
    long end = millisAsNanos(month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant());
    String sql = "SELECT coalesce(sum(known), 0), count(*) - coalesce(sum(known), 0) FROM ("
        + "SELECT EXISTS (SELECT 1 FROM identifiers i WHERE i.profile_id = p.id AND i.type <> ?)"
        + " AS known FROM profiles p WHERE EXISTS (SELECT 1 FROM events e"
        + " WHERE e.profile_id = p.id AND e.ts >= ? AND e.ts < ?"
        + " AND e.type NOT IN (SELECT value FROM json_each(?))))";
    List<Object> params = List.of(Identifier.ANONYMOUS_ID, start, end, inactive);
    return database.readSql("count the active users of " + month, c -> {
      try (SqlConnection.OwnedStatement statement = c.prepareOwned(sql)) {
        bind(statement.statement(), params);
        try (SqlConnection.Rows rows = c.query(statement.statement())) {
          rows.next();
          return new ActiveUsers(month, rows.results().getLong(1), rows.results().getLong(2));
        }
      }
    });
  }

  /**
   * The instant's millisecond (as {@link Instant#toEpochMilli()} floors it) in nanoseconds,
   * clamped to the stored range (every stored instant lies well inside it).
   */
  private static long millisAsNanos(Instant instant) {
    long millis = instant.toEpochMilli();
    try {
      return Math.multiplyExact(millis, NANOS_PER_MILLI);
    } catch (ArithmeticException e) {
      return millis < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  private static String json(List<String> values) {
    try {
      return AttributeJson.mapper().writeValueAsString(values);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a list of strings always serialises", e);
    }
  }

  private static void bind(PreparedStatement statement, List<Object> params) throws SQLException {
    for (int i = 0; i < params.size(); i++) {
      Object param = params.get(i);
      if (param instanceof String text) {
        statement.setString(i + 1, text);
      } else {
        statement.setLong(i + 1, ((Number) param).longValue());
      }
    }
  }
}
