package io.cdpkit.segments.insights;

import io.cdpkit.core.spi.StorageBacked;
import io.cdpkit.core.Page;
import io.cdpkit.core.consent.ReachabilityPolicy;
import io.cdpkit.core.event.Event;
import io.cdpkit.core.identity.Identifier;
import io.cdpkit.core.profile.AttributeValue;
import io.cdpkit.core.profile.NumberValue;
import io.cdpkit.core.profile.Profile;
import io.cdpkit.core.profile.ProfileQuery;
import io.cdpkit.core.spi.StoredProfile;
import io.cdpkit.segments.Segments;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Computes insights by reading every profile and event of the Cdp's store in one snapshot: the
 * reference implementation of {@link InsightQueries}, and the one for in-memory stores. A segment
 * filter is resolved first through {@link Segments#matching}. Thread-safe.
 */
public final class InMemoryInsightQueries implements InsightQueries {
  private static final int PAGE = 1_000;

  private final Segments segments;

  private InMemoryInsightQueries(Segments segments) {
    this.segments = Objects.requireNonNull(segments, "segments");
  }

  public static InMemoryInsightQueries of(Segments segments) {
    return new InMemoryInsightQueries(segments);
  }

  @Override
  public EventInsights eventInsights(String type, @Nullable String property, int top) {
    Objects.requireNonNull(type, "type");
    if (top < 1) {
      throw new IllegalArgumentException("top must be at least 1, was " + top);
    }
    long[] count = {0};
    Set<String> profiles = new HashSet<>();
    Map<String, Long> values = new HashMap<>();
    Instant[] seen = {null, null};
    forEachEvent(
        null,
        event -> {
          if (!event.type().equals(type)) {
            return;
          }
          count[0]++;
          profiles.add(event.profileId());
          if (seen[0] == null || event.timestamp().isBefore(seen[0])) {
            seen[0] = event.timestamp();
          }
          if (seen[1] == null || event.timestamp().isAfter(seen[1])) {
            seen[1] = event.timestamp();
          }
          if (property != null) {
            event.properties().get(property)
                .filter(v -> !v.isNull())
                .ifPresent(v -> values.merge(v.toJson(), 1L, Long::sum));
          }
        });
    List<ValueCount> topValues =
        values.entrySet().stream()
            .map(e -> new ValueCount(e.getKey(), e.getValue()))
            .sorted(Comparator.comparingLong(ValueCount::count).reversed().thenComparing(ValueCount::value))
            .limit(top)
            .toList();
    return new EventInsights(type, count[0], profiles.size(), topValues, seen[0], seen[1]);
  }

  @Override
  public Series series(SeriesQuery query) {
    Objects.requireNonNull(query, "query");
    List<Instant> starts = query.bucketStarts();
    long[] bounds = new long[starts.size() + 1];
    for (int i = 0; i < starts.size(); i++) {
      bounds[i] = starts.get(i).toEpochMilli();
    }
    bounds[starts.size()] = query.to().toEpochMilli();
    int n = starts.size();
    long[] counts = new long[n];
    BigDecimal[] sums = new BigDecimal[n];
    BigDecimal[] mins = new BigDecimal[n];
    BigDecimal[] maxes = new BigDecimal[n];
    long[] before = {0};
    Set<String> members =
        query.segment() == null ? null : new HashSet<>(segments.matching(query.segment().print()));
    Aggregation aggregation = query.aggregation();
    if (aggregation == Aggregation.PROFILES_CREATED) {
      StorageBacked.storageOf(segments.cdp()).read(s -> {
        s.profiles().stream()
            .filter(p -> members == null || members.contains(p.id()))
            .map(StoredProfile::createdAt)
            .forEach(created -> {
              int i = bucket(bounds, created.toEpochMilli());
              if (i >= 0) {
                counts[i]++;
              }
            });
        return null;
      });
    } else {
      forEachEvent(members, event -> {
        if (!matches(query, event)) {
          return;
        }
        long at = event.timestamp().toEpochMilli();
        int i = bucket(bounds, at);
        if (i < 0) {
          if (at < bounds[0]) {
            before[0]++;
          }
          return;
        }
        if (!aggregation.needsProperty()) {
          counts[i]++;
          return;
        }
        AttributeValue value = event.properties().get(query.property()).orElse(null);
        if (value instanceof NumberValue number) {
          BigDecimal decimal = number.value();
          counts[i]++;
          sums[i] = sums[i] == null ? decimal : sums[i].add(decimal);
          mins[i] = mins[i] == null || decimal.compareTo(mins[i]) < 0 ? decimal : mins[i];
          maxes[i] = maxes[i] == null || decimal.compareTo(maxes[i]) > 0 ? decimal : maxes[i];
        }
      });
    }
    List<Bucket> buckets = new ArrayList<>(n);
    long running = before[0];
    for (int i = 0; i < n; i++) {
      running += counts[i];
      buckets.add(new Bucket(starts.get(i), value(aggregation, counts[i], running, sums[i], mins[i], maxes[i])));
    }
    return new Series(query.name(), buckets);
  }

  private static BigDecimal value(
      Aggregation aggregation, long count, long running,
      @Nullable BigDecimal sum, @Nullable BigDecimal min, @Nullable BigDecimal max) {
    switch (aggregation) {
      case CUMULATIVE:
        return BigDecimal.valueOf(running);
      case SUM:
        return sum == null ? BigDecimal.ZERO : sum;
      case AVG:
        return sum == null ? BigDecimal.ZERO : sum.divide(BigDecimal.valueOf(count), MathContext.DECIMAL64);
      case MIN:
        return min == null ? BigDecimal.ZERO : min;
      case MAX:
        return max == null ? BigDecimal.ZERO : max;
      case COUNT:
      case PROFILES_CREATED:
      default:
        return BigDecimal.valueOf(count);
    }
  }

  private static int bucket(long[] bounds, long at) {
    if (at < bounds[0] || at >= bounds[bounds.length - 1]) {
      return -1;
    }
    int found = Arrays.binarySearch(bounds, at);
    return found >= 0 ? found : -found - 2;
  }

  private static boolean matches(SeriesQuery query, Event event) {
    if (query.eventType() != null && !query.eventType().equals(event.type())) {
      return false;
    }
    for (Map.Entry<String, AttributeValue> condition : query.where().entrySet()) {
      if (!event.properties().get(condition.getKey()).map(condition.getValue()::equals).orElse(false)) {
        return false;
      }
    }
    return true;
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
    long[] created = new long[(int) days];
    long[] reachableCreated = new long[(int) days];
    long before = 0;
    long reachableBefore = 0;
    ReachabilityPolicy policy = segments.cdp().privacy().reachability();
    for (Profile profile : allProfiles()) {
      LocalDate day = profile.createdAt().atZone(zone).toLocalDate();
      boolean reachable = policy.check(profile, channel, now).isReachable();
      if (day.isBefore(first)) {
        before++;
        reachableBefore += reachable ? 1 : 0;
      } else if (!day.isAfter(last)) {
        int i = (int) ChronoUnit.DAYS.between(first, day);
        created[i]++;
        reachableCreated[i] += reachable ? 1 : 0;
      }
    }
    List<ReachabilityDay> result = new ArrayList<>((int) days);
    for (int i = 0; i < days; i++) {
      before += created[i];
      reachableBefore += reachableCreated[i];
      result.add(new ReachabilityDay(first.plusDays(i), before, reachableBefore));
    }
    return result;
  }

  @Override
  public ActiveUsers activeUsers(YearMonth month, ZoneId zone, Set<String> inactiveTypes) {
    Objects.requireNonNull(month, "month");
    Set<String> inactive = Set.copyOf(inactiveTypes);
    long start = month.atDay(1).atStartOfDay(zone).toInstant().toEpochMilli();
    long end = month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant().toEpochMilli();
    Set<String> active = new HashSet<>();
    forEachEvent(null, event -> {
      long at = event.timestamp().toEpochMilli();
      if (at >= start && at < end && !inactive.contains(event.type())) {
        active.add(event.profileId());
      }
    });
    long identified = 0;
    long anonymous = 0;
    for (Profile profile : allProfiles()) {
      if (!active.contains(profile.id())) {
        continue;
      }
      boolean known = profile.identifiers().stream()
          .anyMatch(i -> !i.type().equals(Identifier.ANONYMOUS_ID));
      if (known) {
        identified++;
      } else {
        anonymous++;
      }
    }
    return new ActiveUsers(month, identified, anonymous);
  }

  /** Every profile, a page at a time. */
  private List<Profile> allProfiles() {
    List<Profile> all = new ArrayList<>();
    ProfileQuery query = ProfileQuery.firstPage(PAGE).sortedBy(ProfileQuery.ID, false);
    while (true) {
      Page<Profile> page = segments.cdp().profiles(query);
      all.addAll(page.items());
      if (!page.hasNext()) {
        return all;
      }
      query = query.after(page);
    }
  }

  /** Every event of the profiles in {@code members} (all when null), in one snapshot. */
  private void forEachEvent(@Nullable Set<String> members, Consumer<Event> action) {
    StorageBacked.storageOf(segments.cdp()).read(s -> {
      s.profiles().stream()
          .map(StoredProfile::id)
          .filter(id -> members == null || members.contains(id))
          .toList()
          .forEach(id -> s.events().ofProfile(id).forEach(action));
      return null;
    });
  }
}
