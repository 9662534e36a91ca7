package io.cdpkit.predictions;

import io.cdpkit.core.Cdp;
import io.cdpkit.core.CdpListener;
import io.cdpkit.core.Subscription;
import io.cdpkit.core.delivery.DueWork;
import io.cdpkit.core.profile.AttributeValue;
import io.cdpkit.core.profile.Profile;
import io.cdpkit.core.spi.DocumentStore;
import io.cdpkit.core.spi.ProfileDataContributor;
import io.cdpkit.predictions.internal.FitDocuments;
import io.cdpkit.predictions.internal.Fitter;
import io.cdpkit.predictions.internal.OrderHistories;
import io.cdpkit.segments.ComputedAttributes;
import io.cdpkit.segments.SegmentExpression;
import io.cdpkit.segments.ValidationContext;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Predictions on a Cdp's customers, from BG/NBD and Gamma-Gamma models fitted to their orders,
 * read in segments as {@code $computed.NAME} (see {@link Prediction#NAMES}). Thread-safe.
 *
 * <pre>{@code
 * Predictions predictions = Predictions.builder(cdp).store(storage.documentStore()).build();
 * Segments segments = Segments.builder(cdp).computed(predictions).build();
 * predictions.subscribe(r -> segments.recalculated(r.changedProfiles()));
 * segments.save("winback", "$computed.winback_zone = 1");
 * PredictionFit fit = predictions.fit();        // or runDue(now) from a scheduler, nightly
 * // or: CdpPlatform.builder().dueWork("prediction refit",
 * //         cdp -> Predictions.builder(cdp).store(storage.documentStore()).build())
 * Optional<Prediction> ann = predictions.find("p-1001");
 * }</pre>
 *
 * <p>Predictions are as of the latest fit: they move when a fit runs, not with every order, as a
 * nightly recalculation does. A customer whose first order came after the fit has none until the
 * next. A fit that finds too little data (see {@link PredictionOptions}) predicts nothing: every
 * value is missing, not zero, and {@link PredictionFit#notes()} says why. Each fit is kept in the
 * {@link DocumentStore} as the document {@code "predictions.fit"}; every instance over the same
 * store (every process on one database) answers from the stored fit, reading each customer's
 * orders up to the fit's window end on first use, and the nightly refit runs in one of them. The GDPR export of a profile includes
 * its predictions under {@code predictions}.
 */
public final class Predictions
    implements ComputedAttributes, DueWork<Optional<PredictionFit>>, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Predictions.class);
  private static final String SECTION = "predictions";
  /** How long a refit claim holds: longer than a fit of a large store takes. */
  private static final Duration CLAIM_LEASE = Duration.ofHours(1);

  private final Cdp cdp;
  private final PredictionOptions options;
  private final FitDocuments fits;
  private final DocumentStore documents;
  /** Who this instance is when it claims a refit. */
  private final String owner = UUID.randomUUID().toString();
  private final Duration refitEvery;
  private final List<Consumer<Recalculation>> listeners = new CopyOnWriteArrayList<>();
  private final Subscription cdpSubscription;
  private final Subscription contributorSubscription;
  private volatile @Nullable PredictionFit fit;
  private volatile Map<String, Optional<Prediction>> scores = new ConcurrentHashMap<>();

  private Predictions(Builder builder) {
    this.cdp = builder.cdp;
    this.options = builder.options;
    this.documents = builder.documents;
    this.fits = new FitDocuments(documents);
    this.refitEvery = builder.refitEvery;
    this.fit = fits.latest().orElse(null);
    this.cdpSubscription = cdp.subscribe(new Invalidation());
    this.contributorSubscription = cdp.registerDataContributor(new Export());
  }

  /** Predictions with default options, keeping fits in memory (for this process only). */
  public static Predictions attach(Cdp cdp) {
    return builder(cdp).build();
  }

  public static Builder builder(Cdp cdp) {
    return new Builder(cdp);
  }

  /**
   * Reads every customer's orders up to the Cdp clock's now, fits the models, keeps the fit in the
   * store, replaces every prediction and tells subscribers which profiles' predictions changed.
   */
  public synchronized PredictionFit fit() {
    Instant now = cdp.clock().instant();
    long started = System.nanoTime();
    OrderHistories.Orders orders = OrderHistories.readAll(cdp, options, cdp.zone(), now);
    long read = System.nanoTime();
    PredictionFit fresh = Fitter.fit(orders, options, cdp.zone(), now, now);
    Map<String, Optional<Prediction>> next = new ConcurrentHashMap<>();
    orders.customers().forEach((id, summary) -> next.put(id, fresh.predict(summary)));
    Set<String> changed = changed(scores, next);
    fits.save(fresh);
    fit = fresh;
    scores = next;
    log.info("Prediction fit over {} customers ({} repeat) in {} ms ({} ms reading orders): {}",
        fresh.customers(), fresh.repeatCustomers(), (System.nanoTime() - started) / 1_000_000,
        (read - started) / 1_000_000,
        fresh.predicts() ? "fitted" : String.join("; ", fresh.notes()));
    Recalculation recalculation = new Recalculation(fresh, changed);
    for (Consumer<Recalculation> listener : listeners) {
      try {
        listener.accept(recalculation);
      } catch (RuntimeException e) {
        log.warn("A recalculation listener failed; the others still run", e);
      }
    }
    return fresh;
  }

  /**
   * Fits when the store holds no fit or its latest is at least the refit period old at {@code now},
   * and this instance claims the refit ({@code "predictions.refit"}) in the store; returns the new
   * fit, or empty when the stored one is still fresh or another instance holds the claim. Among
   * instances sharing a store, the claim, not the stored fit time alone, is the guard: two that
   * read the same stale fit at the same moment refit once between them, and only the one that
   * refits tells its subscribers (so membership and workflow triggers move once). The others
   * answer from the fresher stored fit from their next call on. The claim is released once the
   * fit is saved; a refit that fails keeps it until its lease of an hour ends, so that the
   * instances do not all retry a failing fit at once.
   */
  @Override
  public synchronized Optional<PredictionFit> runDue(Instant now) {
    Objects.requireNonNull(now, "now");
    Optional<PredictionFit> stored = fits.latest();
    if (isFresh(stored, now) || !documents.claim(FitDocuments.REFIT, owner, now, CLAIM_LEASE)) {
      stored.ifPresent(this::adoptIfNewer);
      return Optional.empty();
    }
    // Another instance may have refitted and released its claim since the read above.
    Optional<PredictionFit> latest = fits.latest();
    if (isFresh(latest, now)) {
      documents.release(FitDocuments.REFIT, owner);
      latest.ifPresent(this::adoptIfNewer);
      return Optional.empty();
    }
    PredictionFit fresh = fit();
    documents.release(FitDocuments.REFIT, owner);
    return Optional.of(fresh);
  }

  private boolean isFresh(Optional<PredictionFit> stored, Instant now) {
    return stored.isPresent() && stored.get().fittedAt().plus(refitEvery).isAfter(now);
  }

  private void adoptIfNewer(PredictionFit stored) {
    PredictionFit current = fit;
    if (current == null || stored.fittedAt().isAfter(current.fittedAt())) {
      fit = stored;
      scores = new ConcurrentHashMap<>();
    }
  }

  /** Calls {@link #runDue} at the Cdp clock's now every {@code period} until the subscription closes. */
  public Subscription schedule(ScheduledExecutorService executor, Duration period) {
    long millis = period.toMillis();
    if (millis < 1) {
      throw new IllegalArgumentException("period must be at least one millisecond, was " + period);
    }
    ScheduledFuture<?> future = executor.scheduleAtFixedRate(() -> {
      try {
        runDue(cdp.clock().instant());
      } catch (RuntimeException e) {
        log.warn("Scheduled prediction fit failed; it is tried again next period", e);
      }
    }, 0, millis, TimeUnit.MILLISECONDS);
    return () -> future.cancel(false);
  }

  /** The latest fit, if one ran (here or, with a shared store, elsewhere). */
  public Optional<PredictionFit> latestFit() {
    return Optional.ofNullable(fit);
  }

  /** The profile's predictions; empty without a fit that predicts, or without orders in its window. */
  public Optional<Prediction> find(String profileId) {
    Objects.requireNonNull(profileId, "profileId");
    PredictionFit current = fit;
    if (current == null || !current.predicts()) {
      return Optional.empty();
    }
    Map<String, Optional<Prediction>> known = scores;
    Optional<Prediction> score = known.get(profileId);
    if (score == null) {
      score = OrderHistories.readOne(cdp, profileId, current.options(), current.zone(), current.windowEnd())
          .flatMap(current::predict);
      known.put(profileId, score);
    }
    return score;
  }

  @Override
  public Optional<BigDecimal> value(Profile profile, String name) {
    return find(profile.id()).flatMap(p -> p.value(name));
  }

  /** The profile's present prediction values by {@code $computed} name. */
  public SortedMap<String, BigDecimal> valuesOf(String profileId) {
    return new TreeMap<>(find(profileId).map(Prediction::values).orElse(Map.of()));
  }

  /** The {@code $computed} names predictions answer. */
  public Set<String> names() {
    return Set.copyOf(Prediction.NAMES);
  }

  /** The prediction names: beside other sources, segments know these {@code $computed} names. */
  @Override
  public Optional<Set<String>> knownNames() {
    return Optional.of(names());
  }

  /**
   * Parses and validates a segment expression as saving does, and refuses a {@code $computed.NAME}
   * that predictions do not answer (the segments service cannot: it does not know the names).
   *
   * @throws io.cdpkit.segments.SegmentSyntaxException when the text does not parse
   * @throws io.cdpkit.segments.SegmentValidationException with every problem found
   */
  public SegmentExpression check(String expression) {
    return SegmentExpression.parseAndValidate(
        expression, ValidationContext.builder().computedAttributes(names()).build());
  }

  /** Computed attributes that answer prediction names here and every other name from {@code other}. */
  public ComputedAttributes orElse(ComputedAttributes other) {
    Objects.requireNonNull(other, "other");
    Set<String> mine = names();
    return (profile, name) -> mine.contains(name) ? value(profile, name) : other.value(profile, name);
  }

  /** Calls {@code listener} after each fit with the profiles whose predictions changed. */
  public Subscription subscribe(Consumer<Recalculation> listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
    return () -> listeners.remove(listener);
  }

  /** Stops following the Cdp (merges, erasures and the GDPR export). */
  @Override
  public void close() {
    cdpSubscription.close();
    contributorSubscription.close();
  }

  private static Set<String> changed(
      Map<String, Optional<Prediction>> before, Map<String, Optional<Prediction>> after) {
    Set<String> ids = new HashSet<>(before.keySet());
    ids.addAll(after.keySet());
    Set<String> changed = new HashSet<>();
    for (String id : ids) {
      if (!values(before.get(id)).equals(values(after.get(id)))) {
        changed.add(id);
      }
    }
    return changed;
  }

  private static Map<String, BigDecimal> values(@Nullable Optional<Prediction> prediction) {
    return prediction == null ? Map.of() : prediction.map(Prediction::values).orElse(Map.of());
  }

  /** Merges and unmerges change whose orders a profile owns: read those profiles again. */
  private final class Invalidation implements CdpListener {
    @Override
    public void profilesMerged(Profile survivor, List<String> absorbedIds) {
      absorbedIds.forEach(scores::remove);
      scores.remove(survivor.id());
    }

    @Override
    public void profileUnmerged(Profile survivor, Profile restored) {
      scores.remove(survivor.id());
      scores.remove(restored.id());
    }

    @Override
    public void profileDeleted(String profileId) {
      scores.remove(profileId);
    }
  }

  /** The profile's predictions in its GDPR export; nothing per profile is stored to erase. */
  private final class Export implements ProfileDataContributor {
    @Override
    public String section() {
      return SECTION;
    }

    @Override
    public AttributeValue export(String profileId) {
      return AttributeValue.of(valuesOf(profileId));
    }

    @Override
    public void erase(String profileId) {
      scores.remove(profileId);
    }
  }

  /** Configures {@link Predictions}. Not thread-safe. */
  public static final class Builder {
    private final Cdp cdp;
    private PredictionOptions options = PredictionOptions.defaults();
    private DocumentStore documents = DocumentStore.inMemory();
    private Duration refitEvery = Duration.ofDays(1);

    private Builder(Cdp cdp) {
      this.cdp = Objects.requireNonNull(cdp, "cdp");
    }

    /** What counts as an order, the horizon and the minimums; {@link PredictionOptions#defaults()}. */
    public Builder options(PredictionOptions value) {
      options = Objects.requireNonNull(value, "options");
      return this;
    }

    /**
     * Where fits and refit claims are kept: the store's {@code documentStore()}, so that every
     * process on it shares one fit and one nightly refit; in memory (this instance only) by
     * default.
     */
    public Builder store(DocumentStore value) {
      documents = Objects.requireNonNull(value, "store");
      return this;
    }

    /** How old a fit may get before {@link #runDue} fits again; a day by default (nightly). */
    public Builder refitEvery(Duration value) {
      Objects.requireNonNull(value, "refitEvery");
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException("refitEvery must be positive, was " + value);
      }
      refitEvery = value;
      return this;
    }

    public Predictions build() {
      return new Predictions(this);
    }
  }
}
