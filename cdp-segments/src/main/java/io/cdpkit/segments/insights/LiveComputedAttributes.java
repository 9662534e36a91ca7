package io.cdpkit.segments.insights;

import io.cdpkit.core.spi.StorageBacked;
import io.cdpkit.core.Cdp;
import io.cdpkit.core.CdpListener;
import io.cdpkit.core.Subscription;
import io.cdpkit.core.event.Event;
import io.cdpkit.core.exchange.ProfileExporter;
import io.cdpkit.core.profile.AttributeValue;
import io.cdpkit.core.profile.NumberValue;
import io.cdpkit.core.profile.Profile;
import io.cdpkit.core.spi.StoredProfile;
import io.cdpkit.segments.ComputedAttributes;
import io.cdpkit.segments.SegmentExpression;
import io.cdpkit.segments.ValidationContext;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Keeps {@link ComputedAttribute} values per profile as events arrive: attached to a Cdp, it
 * reads a profile's running aggregates from its stored events when one of its values is first
 * asked for, and holds them until the Cdp reports a change to that profile (a stored event, a
 * merge, an unmerge, a deletion); the next read then takes them from the store again.
 * Windowed attributes move with time, so they are computed from the profile's stored events when
 * read, at the Cdp clock's now; RFM scores are ranked over every profile when read after a change.
 * Thread-safe.
 *
 * <p>Attach it before {@link io.cdpkit.segments.Segments} so that segments read fresh values, and
 * pass it to the segments builder:
 *
 * <pre>{@code
 * LiveComputedAttributes computed = LiveComputedAttributes.attach(cdp, List.of(
 *     ComputedAttribute.count("order_count", "purchase"),
 *     ComputedAttribute.sum("lifetime_value", "purchase", "amount"),
 *     ComputedAttribute.rfm("rfm_frequency", ComputedAttribute.Kind.FREQUENCY, "purchase", null)));
 * Segments segments = Segments.builder(cdp).computed(computed).build();
 * segments.save("big-spenders", computed.check("$computed.lifetime_value >= 500").print());
 * SortedMap<String, BigDecimal> shown = computed.valuesOf("p-1001");
 * ProfileExporter exporter = ProfileExporter.of(cdp).withColumns(PREFIX, computed.columns());
 * }</pre>
 *
 * <p>The segments builder takes any {@link ComputedAttributes} and does not learn the names, so
 * {@link io.cdpkit.segments.Segments#save} cannot refuse an unknown {@code $computed.NAME}: call
 * {@link #check(String)} first, which does. Reading an unknown name gives a missing value.
 * Ad-hoc matches and counts ({@code countMatching}, {@code matching}) read the values at the
 * time of the call. A saved segment that reads {@code $computed} is re-evaluated after every event
 * (attach these attributes before the segments, so that their listener runs first and the values
 * are current), but not when a windowed value changes only because time passed: a refresh does
 * not know these windows.
 *
 * <p>Attaching reads nothing. A read that raced a change returns what the store held when it
 * read but is not kept, so no event is counted twice and no stale value is served as current. The
 * first RFM read reads every profile; later ones read again only the profiles changed since.
 * Writes that bypass this Cdp (another process on the same store) are not reported: call {@link
 * #rebuild()} after them.
 */
public final class LiveComputedAttributes implements ComputedAttributes, AutoCloseable {
  /** The column prefix of computed attributes, in segments and exports. */
  public static final String PREFIX = "$computed.";

  private final Cdp cdp;
  private final Map<String, ComputedAttribute> definitions;
  private final List<Base> bases;
  private final Map<String, Integer> baseOf;
  /** Accumulators read from the store, per profile; dropped when the profile changes. */
  private final Map<String, Acc[]> held = new HashMap<>();
  /** Once every profile was read: the profiles changed since, to read again before ranking. */
  private final Set<String> stale = new HashSet<>();
  private boolean everyProfileRead;
  private final ChangeStamps stamps = new ChangeStamps();
  private @Nullable Map<String, Map<String, Integer>> scores;
  private final Subscription subscription;

  /** What running aggregates are kept: events of a type (any when null) and a numeric property. */
  private record Base(@Nullable String type, @Nullable String property) {
    boolean matches(Event event) {
      return type == null || type.equals(event.type());
    }
  }

  /** Running aggregates of one base for one profile. */
  private static final class Acc {
    long count;
    long values;
    BigDecimal sum = BigDecimal.ZERO;
    @Nullable BigDecimal min;
    @Nullable BigDecimal max;
    long last = Long.MIN_VALUE;

    void add(Event event, @Nullable String property) {
      count++;
      last = Math.max(last, event.timestamp().toEpochMilli());
      if (property == null) {
        return;
      }
      AttributeValue value = event.properties().get(property).orElse(null);
      if (value instanceof NumberValue number) {
        BigDecimal decimal = number.value();
        values++;
        sum = sum.add(decimal);
        min = min == null || decimal.compareTo(min) < 0 ? decimal : min;
        max = max == null || decimal.compareTo(max) > 0 ? decimal : max;
      }
    }
  }

  private LiveComputedAttributes(Cdp cdp, Collection<ComputedAttribute> attributes) {
    this.cdp = Objects.requireNonNull(cdp, "cdp");
    Map<String, ComputedAttribute> byName = new LinkedHashMap<>();
    List<Base> distinct = new ArrayList<>();
    Map<String, Integer> index = new HashMap<>();
    for (ComputedAttribute attribute : attributes) {
      if (byName.putIfAbsent(attribute.name(), attribute) != null) {
        throw new IllegalArgumentException("computed attribute " + attribute.name() + " is defined twice");
      }
      if (attribute.window() == null) {
        Base base = new Base(attribute.eventType(), attribute.property());
        int at = distinct.indexOf(base);
        if (at < 0) {
          at = distinct.size();
          distinct.add(base);
        }
        index.put(attribute.name(), at);
      }
    }
    this.definitions = Collections.unmodifiableMap(byName);
    this.bases = List.copyOf(distinct);
    this.baseOf = Map.copyOf(index);
    this.subscription = cdp.subscribe(new Listener());
  }

  /**
   * Attaches to the Cdp with these definitions (names unique); values are read from the store when
   * first asked for.
   */
  public static LiveComputedAttributes attach(Cdp cdp, Collection<ComputedAttribute> attributes) {
    return new LiveComputedAttributes(cdp, List.copyOf(attributes));
  }

  /** The definitions, in the order given. */
  public List<ComputedAttribute> definitions() {
    return List.copyOf(definitions.values());
  }

  /** The definition with this name. */
  public Optional<ComputedAttribute> definition(String name) {
    return Optional.ofNullable(definitions.get(name));
  }

  @Override
  public Optional<MovingWindow> movingWindow(String name) {
    ComputedAttribute definition = definitions.get(name);
    return definition == null || definition.window() == null
        ? Optional.empty()
        : Optional.of(new MovingWindow(definition.eventType(), definition.window()));
  }

  /** The defined names, sorted. */
  public Set<String> names() {
    return Collections.unmodifiableSet(new TreeSet<>(definitions.keySet()));
  }

  /** The defined names: segments refuse any other {@code $computed.NAME}. */
  @Override
  public Optional<Set<String>> knownNames() {
    return Optional.of(names());
  }

  /**
   * Parses and validates a segment expression as saving does, and refuses a {@code
   * $computed.NAME} that is not defined here.
   *
   * @throws io.cdpkit.segments.SegmentSyntaxException when the text does not parse
   * @throws io.cdpkit.segments.SegmentValidationException with every problem found
   */
  public SegmentExpression check(String expression) {
    return SegmentExpression.parseAndValidate(
        expression, ValidationContext.builder().computedAttributes(definitions.keySet()).build());
  }

  @Override
  public Optional<BigDecimal> value(Profile profile, String name) {
    return rawValue(profile, name).map(LiveComputedAttributes::plain);
  }

  /** Without trailing zeros and without an exponent: 10, 12.5. */
  private static BigDecimal plain(BigDecimal value) {
    BigDecimal stripped = value.stripTrailingZeros();
    return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
  }

  private Optional<BigDecimal> rawValue(Profile profile, String name) {
    ComputedAttribute attribute = definitions.get(Objects.requireNonNull(name, "name"));
    if (attribute == null) {
      return Optional.empty();
    }
    if (attribute.window() != null) {
      return valueOf(attribute, windowed(profile.id(), attribute));
    }
    if (attribute.kind().isRfm()) {
      Integer score = rfmScores().get(name).get(profile.id());
      return score == null ? Optional.empty() : Optional.of(BigDecimal.valueOf(score));
    }
    return valueOf(attribute, accumulatorsOf(profile.id())[baseOf.get(name)]);
  }

  /**
   * A profile's defined values by name (the survivor's when the id was merged away); empty when no
   * profile answers to the id.
   */
  public SortedMap<String, BigDecimal> valuesOf(String profileId) {
    return cdp.findProfile(profileId).map(this::valuesOf).orElseGet(TreeMap::new);
  }

  /** The profile's defined values by name. */
  public SortedMap<String, BigDecimal> valuesOf(Profile profile) {
    SortedMap<String, BigDecimal> values = new TreeMap<>();
    for (String name : definitions.keySet()) {
      value(profile, name).ifPresent(v -> values.put(name, v));
    }
    return values;
  }

  /**
   * The {@code $computed.NAME} columns of a profile export: {@code
   * ProfileExporter.of(cdp).withColumns(LiveComputedAttributes.PREFIX, computed.columns())}.
   */
  public ProfileExporter.ColumnSource columns() {
    return (profile, column) ->
        value(profile, column.startsWith(PREFIX) ? column.substring(PREFIX.length()) : column)
            .map(NumberValue::new);
  }

  /**
   * Recomputes every profile's values from the store: drops what is held, so that later reads take
   * values from the store again. Call it after writes that bypassed this Cdp.
   */
  public synchronized void rebuild() {
    held.clear();
    stale.clear();
    everyProfileRead = false;
    scores = null;
    stamps.everythingChanged();
  }

  /** Stops following the Cdp. */
  @Override
  public void close() {
    subscription.close();
  }

  /** The held accumulators of a profile, or those read from the store, held when it did not change meanwhile. */
  private Acc[] accumulatorsOf(String profileId) {
    long start;
    synchronized (this) {
      Acc[] accs = held.get(profileId);
      if (accs != null) {
        return accs;
      }
      start = stamps.beginRead();
    }
    Acc[] read = null;
    try {
      read = StorageBacked.storageOf(cdp).read(s -> {
        try (Stream<Event> events = s.events().ofProfile(profileId)) {
          return accumulate(events);
        }
      });
      return read;
    } finally {
      synchronized (this) {
        if (read != null) {
          holdIfUnchanged(profileId, read, start);
        }
        stamps.endRead();
      }
    }
  }

  /** Reads every profile's accumulators; holds those unchanged meanwhile and marks the rest stale. */
  private Map<String, Acc[]> readEveryProfile() {
    long start;
    synchronized (this) {
      start = stamps.beginRead();
    }
    Map<String, Acc[]> read = new HashMap<>();
    boolean complete = false;
    try {
      StorageBacked.storageOf(cdp).read(s -> {
        List<String> ids = s.profiles().stream().map(StoredProfile::id).toList();
        for (String id : ids) {
          try (Stream<Event> events = s.events().ofProfile(id)) {
            read.put(id, accumulate(events));
          }
        }
        return null;
      });
      complete = true;
      return read;
    } finally {
      synchronized (this) {
        if (complete && stamps.nothingResetSince(start)) {
          read.forEach((id, accs) -> holdIfUnchanged(id, accs, start));
          stale.addAll(stamps.changedSince(start));
          everyProfileRead = true;
        }
        stamps.endRead();
      }
    }
  }

  private void holdIfUnchanged(String profileId, Acc[] accs, long start) {
    assert Thread.holdsLock(this);
    if (stamps.unchangedSince(profileId, start)) {
      held.put(profileId, accs);
      stale.remove(profileId);
    }
  }

  /** Accumulators of these events, one per base; null where no event matched the base. */
  private Acc[] accumulate(Stream<Event> events) {
    Acc[] accs = new Acc[bases.size()];
    events.forEach(event -> add(accs, event));
    return accs;
  }

  private void add(Acc[] accs, Event event) {
    for (int i = 0; i < bases.size(); i++) {
      Base base = bases.get(i);
      if (base.matches(event)) {
        if (accs[i] == null) {
          accs[i] = new Acc();
        }
        accs[i].add(event, base.property());
      }
    }
  }

  private @Nullable Acc windowed(String profileId, ComputedAttribute attribute) {
    Instant now = cdp.clock().instant();
    Instant after = now.minus(Objects.requireNonNull(attribute.window()));
    Base base = new Base(attribute.eventType(), attribute.property());
    return StorageBacked.storageOf(cdp).read(s -> {
      Acc acc = null;
      try (Stream<Event> events = s.events().ofProfile(profileId)) {
        for (Event event : (Iterable<Event>) events::iterator) {
          if (base.matches(event) && event.timestamp().isAfter(after) && !event.timestamp().isAfter(now)) {
            acc = acc == null ? new Acc() : acc;
            acc.add(event, base.property());
          }
        }
      }
      return acc;
    });
  }

  private static Optional<BigDecimal> valueOf(ComputedAttribute attribute, @Nullable Acc acc) {
    switch (attribute.kind()) {
      case COUNT:
        return Optional.of(acc == null ? BigDecimal.ZERO : BigDecimal.valueOf(acc.count));
      case SUM:
        return Optional.of(acc == null ? BigDecimal.ZERO : acc.sum);
      case AVG:
        return acc == null || acc.values == 0
            ? Optional.empty()
            : Optional.of(acc.sum.divide(BigDecimal.valueOf(acc.values), MathContext.DECIMAL64));
      case MIN:
        return acc == null ? Optional.empty() : Optional.ofNullable(acc.min);
      case MAX:
        return acc == null ? Optional.empty() : Optional.ofNullable(acc.max);
      case LAST_SEEN:
        return acc == null || acc.last == Long.MIN_VALUE ? Optional.empty() : Optional.of(BigDecimal.valueOf(acc.last));
      default:
        throw new IllegalStateException("not a running aggregate: " + attribute.kind());
    }
  }

  /**
   * The RFM scores per RFM attribute name and profile id, ranked again after any change. Kept only
   * when every profile's accumulators are held; a ranking that raced a change is returned, not kept.
   */
  private Map<String, Map<String, Integer>> rfmScores() {
    Set<String> toRead;
    synchronized (this) {
      if (scores != null) {
        return scores;
      }
      toRead = everyProfileRead ? Set.copyOf(stale) : null;
    }
    Map<String, Acc[]> read = new HashMap<>();
    if (toRead == null) {
      read.putAll(readEveryProfile());
    } else {
      toRead.forEach(id -> read.put(id, accumulatorsOf(id)));
    }
    synchronized (this) {
      if (scores == null && everyProfileRead && stale.isEmpty()) {
        scores = rank(held);
      }
      if (scores != null) {
        return scores;
      }
      read.putAll(held);
      return rank(read);
    }
  }

  private Map<String, Map<String, Integer>> rank(Map<String, Acc[]> accumulators) {
    Map<String, Map<String, Integer>> all = new HashMap<>();
    for (ComputedAttribute attribute : definitions.values()) {
      if (!attribute.kind().isRfm()) {
        continue;
      }
      int base = baseOf.get(attribute.name());
      Map<String, BigDecimal> metric = new HashMap<>();
      accumulators.forEach((id, accs) -> {
        Acc acc = accs[base];
        if (acc != null && acc.count > 0) {
          metric.put(id, switch (attribute.kind()) {
            case RECENCY -> BigDecimal.valueOf(acc.last);
            case FREQUENCY -> BigDecimal.valueOf(acc.count);
            default -> acc.sum;
          });
        }
      });
      all.put(attribute.name(), quintiles(metric));
    }
    return all;
  }

  /** Scores {@code 1 + floor(5 * b / n)}, b the values strictly below, n the values. */
  private static Map<String, Integer> quintiles(Map<String, BigDecimal> metric) {
    BigDecimal[] sorted = metric.values().toArray(BigDecimal[]::new);
    Arrays.sort(sorted);
    int n = sorted.length;
    Map<String, Integer> scores = new HashMap<>();
    metric.forEach((id, value) -> {
      int below = lowerBound(sorted, value);
      scores.put(id, (int) (1 + 5L * below / n));
    });
    return scores;
  }

  private static int lowerBound(BigDecimal[] sorted, BigDecimal value) {
    int low = 0;
    int high = sorted.length;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (sorted[mid].compareTo(value) < 0) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }

  /** The profile's values may differ from what is held: read them again when asked. */
  private synchronized void changed(String profileId) {
    held.remove(profileId);
    if (everyProfileRead) {
      stale.add(profileId);
    }
    stamps.changed(profileId);
    scores = null;
  }

  /** The profile is gone (deleted or absorbed): it has no values and leaves the ranking. */
  private synchronized void forget(String profileId) {
    held.remove(profileId);
    stale.remove(profileId);
    stamps.changed(profileId);
    scores = null;
  }

  private final class Listener implements CdpListener {
    @Override
    public void eventStored(Event event, Profile profile) {
      if (bases.stream().anyMatch(base -> base.matches(event))) {
        changed(profile.id());
      }
    }

    @Override
    public void profilesMerged(Profile survivor, List<String> absorbedIds) {
      absorbedIds.forEach(LiveComputedAttributes.this::forget);
      changed(survivor.id());
    }

    @Override
    public void profileUnmerged(Profile survivor, Profile restored) {
      changed(survivor.id());
      changed(restored.id());
    }

    @Override
    public void profileDeleted(String profileId) {
      forget(profileId);
    }
  }
}
