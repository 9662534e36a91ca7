package io.cdpkit.storage.jdbc.segments;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.cdpkit.core.identity.Identifier;
import io.cdpkit.core.profile.AttributeValue;
import io.cdpkit.core.spi.AttributeJson;
import io.cdpkit.segments.EvaluationContext;
import io.cdpkit.segments.Segments;
import io.cdpkit.segments.ast.ReachableVia;
import io.cdpkit.segments.insights.ActiveUsers;
import io.cdpkit.segments.insights.Aggregation;
import io.cdpkit.segments.insights.Bucket;
import io.cdpkit.segments.insights.EventInsights;
import io.cdpkit.segments.insights.InsightQueries;
import io.cdpkit.segments.insights.InMemoryInsightQueries;
import io.cdpkit.segments.insights.ReachabilityDay;
import io.cdpkit.segments.insights.Series;
import io.cdpkit.segments.insights.SeriesQuery;
import io.cdpkit.segments.insights.ValueCount;
import io.cdpkit.segments.spi.SegmentQueries.SegmentQuery;
import io.cdpkit.storage.jdbc.Instants;
import io.cdpkit.storage.jdbc.JdbcDatabase;
import io.cdpkit.storage.jdbc.sql.SegmentSqlCompiler;
import io.cdpkit.storage.jdbc.sql.SqlDialect;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/*
 * Design: each answer is one parameterised SELECT on one snapshot; every value is bound, the SQL
 * text holds only fixed words, and each query runs on a statement of its own (its text varies).
 * Buckets: the bucket starts are computed in Java (SeriesQuery.bucketStarts, calendar arithmetic
 * across DST and month lengths) and handed to the database by the dialect (holdBounds), whose
 * bucket expression gives each timestamp its bucket index, -1 before the range. A series of one
 * event type instead joins the buckets as rows [bucket, from, to] to the events' (type, ts) index,
 * range by range: no bucket function per event. The in-memory insights compare milliseconds, so
 * each bound is its instant's millisecond in nanoseconds: ts >= ms * 1e6 exactly when floor(ts /
 * 1e6) >= ms. Reachability days compare instants, so their bounds are exact nanoseconds. A series'
 * segment: the ids Segments.matching gives (the call the in-memory insights make), bound as one
 * JSON array. Reachability: the segment compiler's condition for "reachable via CHANNEL" at `now`,
 * which is ReachabilityPolicy.check; while the dialect cannot state it, the in-memory insights
 * answer.
 *
 * Top values: grouped in SQL by the dialect's value text (one text per value); the texts that are
 * not AttributeValue.toJson's (or do not sort as String.compareTo in SQL) are ranked in Java. So
 * SQL returns every group counted more often than the top-th one, and of those tied with it the
 * ones without a key plus the first `top` of the others by key: the ties at the cut-off are
 * resolved in Java.
 *
 * Active users: one pass over the events of the whole range in the (profile_id, ts) index, each
 * profile's months gathered as the bits of one integer (sum of the distinct powers of two), then
 * profiles grouped by their months and whether they are known. The event type is read (a row
 * lookup) only for the events of profiles that have an inactive event in the range; the unary
 * plus on ts keeps the planner from the (type, ts) index, which would sort every event.
 */
/**
 * {@link InsightQueries} on a store's database, each answer computed by one SQL query with the
 * in-memory answer ({@link InMemoryInsightQueries}) to the last digit; what differs between
 * databases is the store's {@link InsightDialect}. Thread-safe.
 */
public final class JdbcInsightQueries implements InsightQueries {
  private static final long NANOS_PER_MILLI = 1_000_000L;
  /** Months per active-users query: each is a bit of a 64-bit integer sum that must not overflow. */
  private static final int MONTHS_PER_QUERY = 62;
  /** A typed NULL: a sub-select's bare NULL would be text on PostgreSQL, unlike its union's. */
  private static final String NO_NUMBER = "CAST(NULL AS BIGINT)";
  /** The condition that an event {@code e} belongs to a stored profile. */
  private static final String OWNED =
      "EXISTS (SELECT 1 FROM profiles p WHERE p.id = e.profile_id)";

  private final JdbcDatabase database;
  private final Segments segments;
  private final SqlDialect segmentDialect;
  private final InsightDialect dialect;

  private JdbcInsightQueries(JdbcDatabase database, Segments segments, SqlDialect segmentDialect,
      InsightDialect dialect) {
    this.database = Objects.requireNonNull(database, "database");
    this.segments = Objects.requireNonNull(segments, "segments");
    this.segmentDialect = Objects.requireNonNull(segmentDialect, "segmentDialect");
    this.dialect = Objects.requireNonNull(dialect, "dialect");
  }

  /**
   * Insights on {@code database} for the segments service of a Cdp on the same store, with the
   * store's segment SQL dialect (for reachability) and insight dialect.
   */
  public static JdbcInsightQueries on(JdbcDatabase database, Segments segments,
      SqlDialect segmentDialect, InsightDialect dialect) {
    return new JdbcInsightQueries(database, segments, segmentDialect, dialect);
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
    long[] counts = new long[n];
    BigDecimal[] values = new BigDecimal[n];
    long[] before = {0};
    Object held = dialect.holdBounds(bounds);
    try {
      List<Object> params = new ArrayList<>();
      String sql = aggregation == Aggregation.PROFILES_CREATED
          ? profilesCreatedSql(held, bounds, members, params)
          : eventsSql(query, held, bounds, members, params);
      rows("compute series " + query.name(), sql, params, row -> {
        int bucket = row.getInt(1);
        if (bucket < 0) {
          before[0] = row.getLong(2);
        } else {
          counts[bucket] = row.getLong(2);
          if (aggregation.needsProperty()) {
            values[bucket] = dialect.bucketValue(aggregation, counts[bucket], row);
          }
        }
      });
    } finally {
      dialect.releaseBounds(held);
    }
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
  }

  /**
   * Matching events per bucket: {@code bucket, count}, then the dialect's number aggregates when
   * the aggregation reads a property (the count then counting numbers only); bucket -1 counts the
   * events before the range (for {@link Aggregation#CUMULATIVE}).
   */
  private String eventsSql(
      SeriesQuery query, Object held, long[] bounds, @Nullable String members, List<Object> params) {
    Aggregation aggregation = query.aggregation();
    boolean ranges = query.eventType() != null;
    StringBuilder sql = new StringBuilder("SELECT ");
    if (ranges) {
      sql.append("r.b AS b, count(*)");
    } else {
      sql.append(dialect.bucketOf("e.ts")).append(" AS b, count(*)");
      params.add(held);
    }
    if (aggregation.needsProperty()) {
      sql.append(", ").append(
          dialect.numberAggregates(aggregation, Objects.requireNonNull(query.property()), params));
    }
    if (ranges) {
      sql.append(" FROM ").append(dialect.eventsInRanges());
      params.add(ranges(bounds, aggregation == Aggregation.CUMULATIVE));
      params.add(query.eventType());
    } else {
      sql.append(" FROM events e WHERE e.ts < ?");
      params.add(bounds[bounds.length - 1]);
      if (aggregation != Aggregation.CUMULATIVE) {
        sql.append(" AND e.ts >= ?");
        params.add(bounds[0]);
      }
    }
    sql.append(" AND ").append(OWNED);
    if (members != null) {
      sql.append(" AND e.profile_id IN (").append(database.dialect().textsOfJsonArray()).append(')');
      params.add(members);
    }
    for (Map.Entry<String, AttributeValue> condition : query.where().entrySet()) {
      sql.append(" AND ").append(dialect.propertyEquals(
          condition.getKey(), AttributeJson.write(condition.getValue()), params));
    }
    if (aggregation.needsProperty()) {
      sql.append(" AND ").append(dialect.isNumber(query.property(), params));
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

  @Override
  public EventInsights eventInsights(String type, @Nullable String property, int top) {
    Objects.requireNonNull(type, "type");
    if (top < 1) {
      throw new IllegalArgumentException("top must be at least 1, was " + top);
    }
    List<Object> params = new ArrayList<>();
    String value = property == null ? "NULL" : dialect.valueText(property, params);
    params.add(type);
    params.add(top - 1);
    params.add(top);
    // Part 0 is the statistics row, part 1 the value groups (see the design note). MATERIALIZED:
    // the summary and the groups read ev once, not each event's row twice.
    String sql = "WITH ev AS MATERIALIZED (SELECT e.profile_id AS profile_id, e.ts AS ts, " + value
        + " AS v FROM events e WHERE e.type = ? AND " + OWNED + "),"
        + " g AS MATERIALIZED (SELECT v, count(*) AS n FROM ev WHERE v IS NOT NULL GROUP BY v),"
        + " k AS (SELECT v, n, " + dialect.toJsonKey("v") + " AS key FROM g),"
        + " cut AS (SELECT coalesce((SELECT n FROM g ORDER BY n DESC LIMIT 1 OFFSET ?), 0) AS n)"
        + " SELECT 0 AS part, count(*), count(DISTINCT profile_id), min(ts), max(ts), NULL FROM ev"
        + " UNION ALL SELECT 1, n, NULL, NULL, NULL, v FROM k"
        + " WHERE n > (SELECT n FROM cut) OR n = (SELECT n FROM cut) AND key IS NULL"
        + " UNION ALL SELECT * FROM (SELECT 1, n, " + NO_NUMBER + ", " + NO_NUMBER + ", "
        + NO_NUMBER + ", v FROM k"
        + " WHERE n = (SELECT n FROM cut) AND key IS NOT NULL"
        + " ORDER BY " + dialect.inJavaOrder("key") + " LIMIT ?) t";
    long[] totals = new long[2];
    Instant[] range = new Instant[2];
    List<ValueCount> candidates = new ArrayList<>();
    rows("compute the insights of event type " + type, sql, params, row -> {
      if (row.getInt(1) == 0) {
        totals[0] = row.getLong(2);
        totals[1] = row.getLong(3);
        long lo = row.getLong(4);
        range[0] = row.wasNull() ? null : Instants.ofNanos(lo);
        long hi = row.getLong(5);
        range[1] = row.wasNull() ? null : Instants.ofNanos(hi);
      } else {
        candidates.add(new ValueCount(AttributeJson.parse(row.getString(6)).toJson(), row.getLong(2)));
      }
    });
    List<ValueCount> topValues = candidates.stream()
        .sorted(Comparator.comparingLong(ValueCount::count).reversed()
            .thenComparing(ValueCount::value))
        .limit(top)
        .toList();
    return new EventInsights(type, totals[0], totals[1], topValues, range[0], range[1]);
  }

  /** Profiles created per bucket: {@code bucket, count}. */
  private String profilesCreatedSql(
      Object held, long[] bounds, @Nullable String members, List<Object> params) {
    params.add(held);
    params.add(bounds[0]);
    params.add(bounds[bounds.length - 1]);
    StringBuilder sql = new StringBuilder("SELECT " + dialect.bucketOf("p.created_at") + " AS b,"
        + " count(*) FROM profiles p WHERE p.created_at >= ? AND p.created_at < ?");
    if (members != null) {
      sql.append(" AND p.id IN (").append(database.dialect().textsOfJsonArray()).append(')');
      params.add(members);
    }
    return sql.append(" GROUP BY b").toString();
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
    EvaluationContext context = EvaluationContext.builder(now)
        .reachability(segments.cdp().privacy().reachability()).build();
    SegmentQuery reachable = new SegmentQuery(
        new ReachableVia(channel), context, name -> Optional.empty(), database.groupStore());
    Optional<SegmentSqlCompiler.Compiled> compiled =
        SegmentSqlCompiler.compile(reachable, segmentDialect, true);
    if (compiled.isEmpty()) {
      return InMemoryInsightQueries.of(segments).reachabilityByDay(channel, first, last, zone, now);
    }
    long[] bounds = new long[(int) days + 1];
    for (int i = 0; i <= days; i++) {
      bounds[i] = Instants.toNanosClamped(first.plusDays(i).atStartOfDay(zone).toInstant());
    }
    long[] created = new long[(int) days];
    long[] reachableCreated = new long[(int) days];
    long[] before = {0, 0};
    Object held = dialect.holdBounds(bounds);
    try (SegmentSqlCompiler.Compiled condition = compiled.get()) {
      String sql = "SELECT " + dialect.bucketOf("p.created_at") + " AS b, count(*),"
          + " coalesce(sum(CASE WHEN " + condition.where() + " THEN 1 ELSE 0 END), 0)"
          + " FROM profiles p WHERE p.created_at < ? GROUP BY b";
      List<Object> params = new ArrayList<>();
      params.add(held);
      params.addAll(condition.params());
      params.add(bounds[bounds.length - 1]);
      rows("count reachable profiles per day", sql, params, row -> {
        int day = row.getInt(1);
        if (day < 0) {
          before[0] = row.getLong(2);
          before[1] = row.getLong(3);
        } else {
          created[day] = row.getLong(2);
          reachableCreated[day] = row.getLong(3);
        }
      });
    } finally {
      dialect.releaseBounds(held);
    }
    List<ReachabilityDay> result = new ArrayList<>((int) days);
    long total = before[0];
    long reachableTotal = before[1];
    for (int i = 0; i < days; i++) {
      total += created[i];
      reachableTotal += reachableCreated[i];
      result.add(new ReachabilityDay(first.plusDays(i), total, reachableTotal));
    }
    return result;
  }

  @Override
  public ActiveUsers activeUsers(YearMonth month, ZoneId zone, Set<String> inactiveTypes) {
    Objects.requireNonNull(month, "month");
    return activeUsers(month, month, zone, inactiveTypes).get(0);
  }

  @Override
  public List<ActiveUsers> activeUsers(
      YearMonth first, YearMonth last, ZoneId zone, Set<String> inactiveTypes) {
    Objects.requireNonNull(zone, "zone");
    List<YearMonth> months = ActiveUsers.months(first, last);
    String inactive = json(Set.copyOf(inactiveTypes));
    List<ActiveUsers> result = new ArrayList<>(months.size());
    for (int from = 0; from < months.size(); from += MONTHS_PER_QUERY) {
      result.addAll(activeUsers(
          months.subList(from, Math.min(months.size(), from + MONTHS_PER_QUERY)), zone, inactive));
    }
    return result;
  }

  /** Up to {@link #MONTHS_PER_QUERY} months in one pass over their events (see the design note). */
  private List<ActiveUsers> activeUsers(List<YearMonth> months, ZoneId zone, String inactive) {
    int n = months.size();
    long[] bounds = new long[n + 1];
    for (int i = 0; i <= n; i++) {
      YearMonth month = i < n ? months.get(i) : months.get(n - 1).plusMonths(1);
      bounds[i] = millisAsNanos(month.atDay(1).atStartOfDay(zone).toInstant());
    }
    List<Object> params = new ArrayList<>();
    params.add(Identifier.ANONYMOUS_ID);
    StringBuilder monthOf = new StringBuilder(n == 1 ? "0" : "CASE");
    for (int i = 0; i + 1 < n; i++) {
      monthOf.append(" WHEN e.ts < ? THEN ").append(i);
      params.add(bounds[i + 1]);
    }
    if (n > 1) {
      monthOf.append(" ELSE ").append(n - 1).append(" END");
    }
    String types = database.dialect().textsOfJsonArray();
    params.addAll(List.of(bounds[0], bounds[n], inactive, bounds[0], bounds[n], inactive));
    String sql = "SELECT a.months, CASE WHEN EXISTS (SELECT 1 FROM identifiers i"
        + " WHERE i.profile_id = a.id AND i.type <> ?) THEN 1 ELSE 0 END AS known, count(*)"
        + " FROM (SELECT e.profile_id AS id, sum(DISTINCT CAST(1 AS BIGINT) << " + monthOf
        + ") AS months FROM events e WHERE +e.ts >= ? AND +e.ts < ?"
        + " AND (e.profile_id NOT IN (SELECT x.profile_id FROM events x WHERE x.type IN (" + types
        + ") AND x.ts >= ? AND x.ts < ?) OR e.type NOT IN (" + types + ")) GROUP BY e.profile_id) a"
        + " WHERE EXISTS (SELECT 1 FROM profiles p WHERE p.id = a.id) GROUP BY a.months, known";
    long[][] counts = new long[n][2];
    rows("count the active users of " + months.get(0) + " to " + months.get(n - 1),
        sql, params, row -> {
          long active = row.getLong(1);
          int known = row.getInt(2);
          long profiles = row.getLong(3);
          for (int i = 0; i < n; i++) {
            if ((active >>> i & 1) != 0) {
              counts[i][known] += profiles;
            }
          }
        });
    List<ActiveUsers> result = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      result.add(new ActiveUsers(months.get(i), counts[i][1], counts[i][0]));
    }
    return result;
  }

  /** Runs a query on a statement of its own and hands each row to {@code each}. */
  private void rows(String doing, String sql, List<Object> params, RowReader each) {
    database.readSql(session -> {
      try (Stream<Boolean> rows = session.stream(doing, sql, row -> {
        each.read(row);
        return true;
      }, params.toArray())) {
        rows.forEach(row -> { });
      }
      return null;
    });
  }

  /** Reads one row of a result set. */
  @FunctionalInterface
  private interface RowReader {
    void read(ResultSet row) throws SQLException;
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

  /** A JSON array of the texts. */
  private static String json(Collection<String> values) {
    try {
      return AttributeJson.mapper().writeValueAsString(values);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a list of strings always serialises", e);
    }
  }
}
