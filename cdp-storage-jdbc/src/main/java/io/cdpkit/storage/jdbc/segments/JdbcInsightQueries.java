package io.cdpkit.storage.jdbc.segments;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.cdpkit.core.identity.Identifier;
import io.cdpkit.core.spi.AttributeJson;
import io.cdpkit.segments.EvaluationContext;
import io.cdpkit.segments.Segments;
import io.cdpkit.segments.ast.ReachableVia;
import io.cdpkit.segments.insights.ActiveUsers;
import io.cdpkit.segments.insights.Aggregation;
import io.cdpkit.segments.insights.Bucket;
import io.cdpkit.segments.insights.InsightQueries;
import io.cdpkit.segments.insights.InMemoryInsightQueries;
import io.cdpkit.segments.insights.ReachabilityDay;
import io.cdpkit.segments.insights.Series;
import io.cdpkit.segments.insights.SeriesQuery;
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
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/*
 * Design: each answer is one parameterised SELECT on one snapshot; every value is bound, the SQL
 * text holds only fixed words, and each query runs on a statement of its own (its text varies).
 * Buckets: the bucket starts are computed in Java (SeriesQuery.bucketStarts, calendar arithmetic
 * across DST and month lengths) and handed to the database by the store (holdBounds), whose
 * bucket expression gives each timestamp its bucket index, -1 before the range. The in-memory
 * insights compare milliseconds, so each bound is its instant's millisecond in nanoseconds: ts >=
 * ms * 1e6 exactly when floor(ts / 1e6) >= ms. Reachability days compare instants, so their bounds
 * are exact nanoseconds. A series' segment: the ids Segments.matching gives (the call the
 * in-memory insights make), bound as one JSON array. Reachability: the segment compiler's
 * condition for "reachable via CHANNEL" at `now`, which is ReachabilityPolicy.check; while the
 * dialect cannot state it, the in-memory insights answer.
 */
/**
 * {@link InsightQueries} on a store's database, each answer computed by one SQL query with the
 * in-memory answer ({@link InMemoryInsightQueries}) to the last digit. A store adds how it buckets
 * timestamps, aggregates numbers and computes event insights. Thread-safe.
 */
public abstract class JdbcInsightQueries implements InsightQueries {
  private static final long NANOS_PER_MILLI = 1_000_000L;
  private static final int MONTHS_PER_QUERY = 120;
  /** The condition that an event {@code e} belongs to a stored profile. */
  protected static final String OWNED =
      "EXISTS (SELECT 1 FROM profiles p WHERE p.id = e.profile_id)";

  protected final JdbcDatabase database;
  protected final Segments segments;
  private final SqlDialect dialect;

  /** Insights on {@code database} for the segments service of a Cdp on the same store. */
  protected JdbcInsightQueries(JdbcDatabase database, Segments segments, SqlDialect dialect) {
    this.database = Objects.requireNonNull(database, "database");
    this.segments = Objects.requireNonNull(segments, "segments");
    this.dialect = dialect;
  }

  /** Hands bucket bounds to the database for one query; the value binds the bucket expression. */
  protected abstract Object holdBounds(long[] bounds);

  /** Releases what {@link #holdBounds} held, when the query is done. */
  protected abstract void releaseBounds(Object held);

  /** The bucket index of the timestamp {@code column}, reading the held bounds as its one {@code ?}. */
  protected abstract String bucketOf(String column);

  /**
   * Matching events per bucket, {@code bucket, count} and then the columns {@link #bucketValue}
   * reads when the aggregation reads a property (the count then counting numbers only); bucket -1
   * counts the events before the range (for {@link Aggregation#CUMULATIVE}).
   */
  protected abstract String eventsSql(
      SeriesQuery query, Object held, long[] bounds, @Nullable String members, List<Object> params);

  /** The aggregate of a bucket of {@code count} numbers from its row, as the in-memory one. */
  protected abstract @Nullable BigDecimal bucketValue(
      Aggregation aggregation, long count, ResultSet row) throws SQLException;

  @Override
  public final Series series(SeriesQuery query) {
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
    Object held = holdBounds(bounds);
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
            values[bucket] = bucketValue(aggregation, counts[bucket], row);
          }
        }
      });
    } finally {
      releaseBounds(held);
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

  /** Profiles created per bucket: {@code bucket, count}. */
  private String profilesCreatedSql(
      Object held, long[] bounds, @Nullable String members, List<Object> params) {
    params.add(held);
    params.add(bounds[0]);
    params.add(bounds[bounds.length - 1]);
    StringBuilder sql = new StringBuilder("SELECT " + bucketOf("p.created_at") + " AS b,"
        + " count(*) FROM profiles p WHERE p.created_at >= ? AND p.created_at < ?");
    if (members != null) {
      sql.append(" AND p.id IN (").append(database.dialect().textsOfJsonArray()).append(')');
      params.add(members);
    }
    return sql.append(" GROUP BY b").toString();
  }

  @Override
  public final List<ReachabilityDay> reachabilityByDay(
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
        SegmentSqlCompiler.compile(reachable, dialect, true);
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
    Object held = holdBounds(bounds);
    try (SegmentSqlCompiler.Compiled condition = compiled.get()) {
      String sql = "SELECT " + bucketOf("p.created_at") + " AS b, count(*),"
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
      releaseBounds(held);
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
  public final ActiveUsers activeUsers(YearMonth month, ZoneId zone, Set<String> inactiveTypes) {
    Objects.requireNonNull(month, "month");
    Objects.requireNonNull(zone, "zone");
    String inactive = json(Set.copyOf(inactiveTypes));
    long start = millisAsNanos(month.atDay(1).atStartOfDay(zone).toInstant());
    long end = millisAsNanos(month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant());
    String sql = "SELECT coalesce(sum(known), 0), count(*) - coalesce(sum(known), 0) FROM ("
        + "SELECT CASE WHEN EXISTS (SELECT 1 FROM identifiers i WHERE i.profile_id = p.id"
        + " AND i.type <> ?) THEN 1 ELSE 0 END AS known FROM profiles p"
        + " WHERE EXISTS (SELECT 1 FROM events e WHERE e.profile_id = p.id AND e.ts >= ?"
        + " AND e.ts < ? AND e.type NOT IN (" + database.dialect().textsOfJsonArray() + "))) a";
    long[] counts = new long[2];
    rows("count the active users of " + month, sql,
        List.of(Identifier.ANONYMOUS_ID, start, end, inactive), row -> {
          counts[0] = row.getLong(1);
          counts[1] = row.getLong(2);
        });
    return new ActiveUsers(month, counts[0], counts[1]);
  }

  /**
   * One query for up to 120 months (well under SQLite's 500 terms of a compound SELECT):
   * the months as rows ({@code b}, start, end) joined to the profiles with an active event in
   * them, so each month is the same index probe per profile as {@link #activeUsers(YearMonth,
   * ZoneId, Set)} without a round trip per month.
   */
  @Override
  public final List<ActiveUsers> activeUsers(
      YearMonth first, YearMonth last, ZoneId zone, Set<String> inactiveTypes) {
    Objects.requireNonNull(zone, "zone");
    List<YearMonth> months = ActiveUsers.months(first, last);
    String inactive = json(Set.copyOf(inactiveTypes));
    List<ActiveUsers> result = new ArrayList<>(months.size());
    for (int from = 0; from < months.size(); from += MONTHS_PER_QUERY) {
      result.addAll(activeUsers(months.subList(from, Math.min(months.size(), from + MONTHS_PER_QUERY)), zone, inactive));
    }
    return result;
  }

  private List<ActiveUsers> activeUsers(List<YearMonth> months, ZoneId zone, String inactive) {
    List<Object> params = new ArrayList<>();
    params.add(Identifier.ANONYMOUS_ID);
    StringBuilder rowsOfMonths = new StringBuilder();
    for (int i = 0; i < months.size(); i++) {
      rowsOfMonths.append(i == 0 ? "SELECT ? AS b, ? AS s, ? AS e" : " UNION ALL SELECT ?, ?, ?");
      params.add(i);
      params.add(millisAsNanos(months.get(i).atDay(1).atStartOfDay(zone).toInstant()));
      params.add(millisAsNanos(months.get(i).plusMonths(1).atDay(1).atStartOfDay(zone).toInstant()));
    }
    params.add(inactive);
    String sql = "SELECT m.b, coalesce(sum(CASE WHEN EXISTS (SELECT 1 FROM identifiers i"
        + " WHERE i.profile_id = p.id AND i.type <> ?) THEN 1 ELSE 0 END), 0), count(*)"
        + " FROM (" + rowsOfMonths + ") m, profiles p WHERE EXISTS (SELECT 1 FROM events e"
        + " WHERE e.profile_id = p.id AND e.ts >= m.s AND e.ts < m.e AND e.type NOT IN ("
        + database.dialect().textsOfJsonArray() + ")) GROUP BY m.b";
    long[][] counts = new long[months.size()][2];
    rows("count the active users of " + months.get(0) + " to " + months.get(months.size() - 1),
        sql, params, row -> {
          int month = row.getInt(1);
          counts[month][0] = row.getLong(2);
          counts[month][1] = row.getLong(3) - row.getLong(2);
        });
    List<ActiveUsers> result = new ArrayList<>(months.size());
    for (int i = 0; i < months.size(); i++) {
      result.add(new ActiveUsers(months.get(i), counts[i][0], counts[i][1]));
    }
    return result;
  }

  /** Runs a query on a statement of its own and hands each row to {@code each}. */
  protected final void rows(String doing, String sql, List<Object> params, RowReader each) {
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
  protected interface RowReader {
    void read(ResultSet row) throws SQLException;
  }

  /**
   * The instant's millisecond (as {@link Instant#toEpochMilli()} floors it) in nanoseconds,
   * clamped to the stored range (every stored instant lies well inside it).
   */
  protected static long millisAsNanos(Instant instant) {
    long millis = instant.toEpochMilli();
    try {
      return Math.multiplyExact(millis, NANOS_PER_MILLI);
    } catch (ArithmeticException e) {
      return millis < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  /** A JSON array of the texts. */
  protected static String json(Collection<String> values) {
    try {
      return AttributeJson.mapper().writeValueAsString(values);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a list of strings always serialises", e);
    }
  }
}
