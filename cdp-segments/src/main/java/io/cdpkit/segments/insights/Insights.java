package io.cdpkit.segments.insights;

import io.cdpkit.core.Cdp;
import io.cdpkit.core.Page;
import io.cdpkit.core.profile.AttributeValue;
import io.cdpkit.core.profile.Profile;
import io.cdpkit.core.profile.ProfileQuery;
import io.cdpkit.core.profile.TextValue;
import io.cdpkit.segments.ComputedAttributes;
import io.cdpkit.segments.Segments;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Profile and event insights and time series on a {@link Segments} (and so its Cdp), through an
 * {@link InsightQueries} port. Thread-safe.
 *
 * <pre>{@code
 * Insights insights = Insights.inMemory(segments);
 * long adults = insights.countProfiles("age >= 18");
 * EventInsights purchases = insights.events("purchase", "currency", 5);
 * Series daily = insights.series(SeriesQuery.builder("purchases", Interval.DAY)
 *     .zone(cdp.zone()).last(30, cdp.clock().instant()).eventType("purchase").build());
 * }</pre>
 */
public final class Insights {
  private static final String IDENTIFIER = "$identifier.";
  private static final String COMPUTED = "$computed.";

  private final Segments segments;
  private final InsightQueries queries;
  private final ComputedAttributes computed;

  private Insights(Segments segments, InsightQueries queries, ComputedAttributes computed) {
    this.segments = Objects.requireNonNull(segments, "segments");
    this.queries = Objects.requireNonNull(queries, "queries");
    this.computed = Objects.requireNonNull(computed, "computed");
  }

  /** Insights computed by {@link InMemoryInsightQueries}, without computed attributes. */
  public static Insights inMemory(Segments segments) {
    return new Insights(segments, InMemoryInsightQueries.of(segments), ComputedAttributes.none());
  }

  /** Insights through the given port; {@code $computed.NAME} columns read {@code computed}. */
  public static Insights of(Segments segments, InsightQueries queries, ComputedAttributes computed) {
    return new Insights(segments, queries, computed);
  }

  /** Every profile. */
  public long countProfiles() {
    return segments.cdp().countProfiles();
  }

  /** Profiles matching a segment expression now. */
  public long countProfiles(String expression) {
    return segments.countMatching(expression);
  }

  /**
   * A page of profiles (all, or a saved segment's members when {@code segment} is given) in the
   * query's order, as cells of the chosen columns: {@code id}, {@code $created_at}, {@code
   * $updated_at}, {@code $identifier.TYPE} (main identifier), {@code $computed.NAME}, or an
   * attribute (text as is, other values as JSON, missing as "").
   */
  public ProfileTable profiles(@Nullable String segment, ProfileQuery query, List<String> columns) {
    Page<Profile> page =
        segment == null ? segments.cdp().profiles(query) : segments.memberProfiles(segment, query);
    List<List<String>> rows = new ArrayList<>(page.items().size());
    for (Profile profile : page.items()) {
      List<String> cells = new ArrayList<>(columns.size());
      for (String column : columns) {
        cells.add(cell(profile, column));
      }
      rows.add(cells);
    }
    return new ProfileTable(columns, rows, page.next());
  }

  private String cell(Profile profile, String column) {
    switch (column) {
      case "id":
      case ProfileQuery.ID:
        return profile.id();
      case ProfileQuery.CREATED_AT:
        return profile.createdAt().toString();
      case "$updated_at":
        return profile.updatedAt().toString();
      default:
        break;
    }
    if (column.startsWith(IDENTIFIER)) {
      return profile.mainIdentifier(column.substring(IDENTIFIER.length())).map(i -> i.value()).orElse("");
    }
    if (column.startsWith(COMPUTED)) {
      return computed.value(profile, column.substring(COMPUTED.length()))
          .map(v -> v.stripTrailingZeros().toPlainString())
          .orElse("");
    }
    AttributeValue value = profile.attribute(column).orElse(null);
    if (value == null || value.isNull()) {
      return "";
    }
    return value instanceof TextValue text ? text.value() : value.toJson();
  }

  /** Statistics of one event type, with the top {@code top} values of {@code property}. */
  public EventInsights events(String type, @Nullable String property, int top) {
    return queries.eventInsights(type, property, top);
  }

  /** One time series. */
  public Series series(SeriesQuery query) {
    return queries.series(query);
  }

  /** Several named series over the same or different ranges, in the order given. */
  public List<Series> series(List<SeriesQuery> queries) {
    return queries.stream().map(this::series).toList();
  }

  /**
   * Total, reachable and unreachable profiles on the channel for each of the last {@code days}
   * days up to today, in the Cdp's zone and by its clock (see {@link
   * InsightQueries#reachabilityByDay} for what reachable means on a past day).
   */
  public List<ReachabilityDay> reachabilityByDay(String channel, int days) {
    if (days < 1 || days > SeriesQuery.MAX_BUCKETS) {
      throw new IllegalArgumentException("days must be 1 to " + SeriesQuery.MAX_BUCKETS + ", was " + days);
    }
    Instant now = segments.cdp().clock().instant();
    LocalDate today = now.atZone(segments.cdp().zone()).toLocalDate();
    return reachabilityByDay(channel, today.minusDays(days - 1L), today);
  }

  /** Like {@link #reachabilityByDay(String, int)} from {@code first} to {@code last} inclusive. */
  public List<ReachabilityDay> reachabilityByDay(String channel, LocalDate first, LocalDate last) {
    Cdp cdp = segments.cdp();
    return queries.reachabilityByDay(channel, first, last, cdp.zone(), cdp.clock().instant());
  }

  /** Active users of the month in the Cdp's zone, {@link ActiveUsers#DEFAULT_INACTIVE_TYPES} not counting. */
  public ActiveUsers activeUsers(YearMonth month) {
    return activeUsers(month, ActiveUsers.DEFAULT_INACTIVE_TYPES);
  }

  /**
   * Active users of each month from {@code first} to {@code last} inclusive, in the Cdp's zone,
   * {@link ActiveUsers#DEFAULT_INACTIVE_TYPES} not counting: one query, not one per month.
   */
  public List<ActiveUsers> activeUsers(YearMonth first, YearMonth last) {
    return queries.activeUsers(first, last, segments.cdp().zone(), ActiveUsers.DEFAULT_INACTIVE_TYPES);
  }

  /** Active users of the month in the Cdp's zone; events of {@code inactiveTypes} do not count. */
  public ActiveUsers activeUsers(YearMonth month, Set<String> inactiveTypes) {
    return queries.activeUsers(month, segments.cdp().zone(), inactiveTypes);
  }
}
