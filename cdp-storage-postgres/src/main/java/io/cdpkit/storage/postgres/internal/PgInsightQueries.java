package io.cdpkit.storage.postgres.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.cdpkit.core.identity.Identifier;
import io.cdpkit.core.internal.AttributeJson;
import io.cdpkit.core.profile.AttributeValue;
import io.cdpkit.segments.EvaluationContext;
import io.cdpkit.segments.Segments;
import io.cdpkit.segments.ast.ReachableVia;
import io.cdpkit.segments.insights.ActiveUsers;
import io.cdpkit.segments.insights.Aggregation;
import io.cdpkit.segments.insights.Bucket;
import io.cdpkit.segments.insights.EventInsights;
import io.cdpkit.segments.insights.InsightQueries;
import io.cdpkit.segments.insights.MemoryInsightQueries;
import io.cdpkit.segments.insights.ReachabilityDay;
import io.cdpkit.segments.insights.Series;
import io.cdpkit.segments.insights.SeriesQuery;
import io.cdpkit.segments.insights.ValueCount;
import io.cdpkit.segments.spi.SegmentQueries.SegmentQuery;
import io.cdpkit.storage.jdbc.Instants;
import io.cdpkit.storage.jdbc.sql.SegmentSqlCompiler;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/*
 * Design: each answer is one parameterised SELECT on one snapshot; every value is bound, the SQL
 * text holds only fixed words. It follows SqliteInsightQueries, with PostgreSQL's built-ins where
 * SQLite needs Java functions:
 *
 * - Rows: the events whose owner is a stored profile (EXISTS on profiles), as the in-memory
 *   insights read them (the events of each profile).
 * - Buckets: their bounds are computed in Java (Interval.truncate and plus in the zone, exact
 *   across DST and month lengths) and bound as one bigint[]; width_bucket(ts, bounds) is the
 *   number of bounds at or before ts, so width_bucket - 1 is the bucket index, -1 before the
 *   range. The in-memory insights compare milliseconds, so each bound is its instant's
 *   millisecond in nanoseconds: ts >= ms * 1e6 exactly when floor(ts / 1e6) >= ms. Reachability
 *   days compare instants, so their bounds are exact nanoseconds.
 * - Numbers: jsonb numbers are numeric, so sum, min and max are exact; the average is the sum
 *   divided by the count in Java (MathContext.DECIMAL64, as the in-memory insights round).
 * - Filters: jsonb equality is AttributeValue.equals (numbers by value, objects by fields).
 * - Top values: grouped in SQL by the jsonb text, which the store writes from normalised values,
 *   so equal texts are equal values and back; ranked in Java by AttributeValue.toJson, whose text
 *   and order (String.compareTo) SQL cannot reproduce exactly (spacing, exponents, UTF-16 order).
 *   So SQL returns every group counted more often than the top-th one, and of those tied with it
 *   the ones whose jsonb text is not their toJson text plus the first `top` of the others by that
 *   text: the ties at the cut-off are resolved in Java.
 * - A series' segment: the ids Segments.matching gives (the call the in-memory insights make),
 *   bound as one JSON array.
 * - Reachability: the segment compiler's condition for "reachable via CHANNEL" at `now`, which is
 *   ReachabilityPolicy.check; while the dialect cannot state it, the in-memory insights answer.
 */

/**
 * {@link InsightQueries} on the store's database, each answer computed by one SQL query with the
 * in-memory answer ({@link MemoryInsightQueries}) to the last digit. Thread-safe.
 */
public final class PgInsightQueries implements InsightQueries {
  private static final long NANOS_PER_MILLI = 1_000_000L;
  private static final String OWNED = "EXISTS (SELECT 1 FROM profiles p WHERE p.id = e.profile_id)";
  /**
   * Whether the jsonb text {@code v} is its value's {@code toJson} text, and sorts as it does in
   * code point order: booleans, integers that Jackson writes as longs, and strings without an
   * escape (Jackson's differ from PostgreSQL's) or a character from U+E000 (where UTF-16 order
   * departs from code point order). Other values are ranked in Java.
   */
  private static final String TO_JSON_AS_IS = "v IN ('true', 'false') OR v ~ '^-?[0-9]{1,18}$'"
      + " OR v LIKE '\"%' AND position('\\' IN v) = 0 AND v !~ '[\\uE000-\\U0010FFFF]'";

  private final PgDatabase database;
  private final Segments segments;

  private PgInsightQueries(PgDatabase database, Segments segments) {
    this.database = database;
    this.segments = segments;
  }

  /** Insights on {@code database} for the segments service of a Cdp on the same store. */
  public static PgInsightQueries on(PgDatabase database, Segments segments) {
    return new PgInsightQueries(
        Objects.requireNonNull(database, "database"), Objects.requireNonNull(segments, "segments"));
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
    List<@Nullable Object> params = new ArrayList<>();
    String sql = aggregation == Aggregation.PROFILES_CREATED
        ? profilesCreatedSql(bounds, members, params)
        : eventsSql(query, bounds, members, params);
    long[] counts = new long[n];
    BigDecimal[] values = new BigDecimal[n];
    long[] before = {0};
    database.readSql(session -> {
      session.list("compute series " + query.name(), sql, row -> {
        int bucket = row.getInt(1);
        if (bucket < 0) {
          before[0] = row.getLong(2);
        } else {
          counts[bucket] = row.getLong(2);
          if (aggregation.needsProperty()) {
            values[bucket] = value(aggregation, counts[bucket], row.getBigDecimal(3),
                row.getBigDecimal(4), row.getBigDecimal(5));
          }
        }
        return bucket;
      }, params.toArray());
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
  }

  /** The value of a bucket of {@code count} numbers, as {@code MemoryInsightQueries} has it. */
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

  /** Profiles created per bucket: {@code bucket, count}. */
  private static String profilesCreatedSql(
      long[] bounds, @Nullable String members, List<@Nullable Object> params) {
    params.add(array(bounds));
    params.add(bounds[0]);
    params.add(bounds[bounds.length - 1]);
    StringBuilder sql = new StringBuilder("SELECT width_bucket(p.created_at, ?::bigint[]) - 1 AS b,"
        + " count(*) FROM profiles p WHERE p.created_at >= ? AND p.created_at < ?");
    if (members != null) {
      sql.append(" AND p.id IN (SELECT jsonb_array_elements_text(?::jsonb))");
      params.add(members);
    }
    return sql.append(" GROUP BY b").toString();
  }

  /**
   * Matching events per bucket: {@code bucket, count}, and when the aggregation reads a property
   * {@code sum, min, max} of its numbers (the count then counting numbers only);
   * bucket -1 counts the events before the range (for {@link Aggregation#CUMULATIVE}).
   */
  private static String eventsSql(
      SeriesQuery query, long[] bounds, @Nullable String members, List<@Nullable Object> params) {
    Aggregation aggregation = query.aggregation();
    boolean numbers = aggregation.needsProperty();
    StringBuilder sql = new StringBuilder("SELECT width_bucket(e.ts, ?::bigint[]) - 1 AS b, count(*)");
    params.add(array(bounds));
    if (numbers) {
      sql.append(", sum(x.v::numeric), min(x.v::numeric), max(x.v::numeric) FROM events e"
          + " CROSS JOIN LATERAL (SELECT e.properties -> ?::text AS v) x");
      params.add(query.property());
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
        new ReachableVia(channel), context, name -> Optional.empty(), database.segmentStore());
    Optional<SegmentSqlCompiler.Compiled> compiled =
        SegmentSqlCompiler.compile(reachable, PostgresDialect.INSTANCE, true);
    if (compiled.isEmpty()) {
      return MemoryInsightQueries.of(segments).reachabilityByDay(channel, first, last, zone, now);
    }
    long[] bounds = new long[(int) days + 1];
    for (int i = 0; i <= days; i++) {
      bounds[i] = Instants.toNanosClamped(first.plusDays(i).atStartOfDay(zone).toInstant());
    }
    long[] created = new long[(int) days];
    long[] reachableCreated = new long[(int) days];
    long[] before = {0, 0};
    try (SegmentSqlCompiler.Compiled condition = compiled.get()) {
      String sql = "SELECT width_bucket(p.created_at, ?::bigint[]) - 1 AS b, count(*),"
          + " coalesce(sum(CASE WHEN " + condition.where() + " THEN 1 ELSE 0 END), 0)"
          + " FROM profiles p WHERE p.created_at < ? GROUP BY b";
      List<Object> params = new ArrayList<>();
      params.add(array(bounds));
      params.addAll(condition.params());
      params.add(bounds[bounds.length - 1]);
      database.readSql(session -> session.list("count reachable profiles per day", sql, row -> {
        int day = row.getInt(1);
        if (day < 0) {
          before[0] = row.getLong(2);
          before[1] = row.getLong(3);
        } else {
          created[day] = row.getLong(2);
          reachableCreated[day] = row.getLong(3);
        }
        return day;
      }, params.toArray()));
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
    Objects.requireNonNull(zone, "zone");
    String inactive = json(Set.copyOf(inactiveTypes));
    long start = millisAsNanos(month.atDay(1).atStartOfDay(zone).toInstant());
    long end = millisAsNanos(month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant());
    String sql = "SELECT count(*) FILTER (WHERE known), count(*) FILTER (WHERE NOT known) FROM ("
        + "SELECT EXISTS (SELECT 1 FROM identifiers i WHERE i.profile_id = p.id AND i.type <> ?)"
        + " AS known FROM profiles p WHERE EXISTS (SELECT 1 FROM events e"
        + " WHERE e.profile_id = p.id AND e.ts >= ? AND e.ts < ?"
        + " AND e.type NOT IN (SELECT jsonb_array_elements_text(?::jsonb)))) a";
    return database.readSql(session -> session.first("count the active users of " + month, sql,
        row -> new ActiveUsers(month, row.getLong(1), row.getLong(2)),
        Identifier.ANONYMOUS_ID, start, end, inactive).orElseThrow());
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

  /** A bigint[] literal: numbers need no quoting. */
  private static String array(long[] values) {
    return Arrays.stream(values).mapToObj(Long::toString).collect(Collectors.joining(",", "{", "}"));
  }

  private static String json(Collection<String> values) {
    try {
      return AttributeJson.mapper().writeValueAsString(values);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a list of strings always serialises", e);
    }
  }
}
