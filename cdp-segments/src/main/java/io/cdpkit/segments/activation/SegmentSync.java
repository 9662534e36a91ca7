package io.cdpkit.segments.activation;

import io.cdpkit.core.delivery.RetryPolicy;
import io.cdpkit.core.delivery.DeliveryOutcome;
import io.cdpkit.core.delivery.DueWork;
import io.cdpkit.core.Cdp;
import io.cdpkit.core.spi.ProfileDataContributor;
import io.cdpkit.core.CdpListener;
import io.cdpkit.core.Page;
import io.cdpkit.core.Subscription;
import io.cdpkit.core.consent.ConsentChange;
import io.cdpkit.core.identity.Identifier;
import io.cdpkit.core.profile.ConsentStatus;
import io.cdpkit.core.profile.Profile;
import io.cdpkit.segments.SegmentTransition;
import io.cdpkit.segments.Segments;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps destinations in step with saved segments: each destination gets the segment's full
 * membership once (snapshot parts), then batches of members added and removed as they enter and
 * leave. Thread-safe: membership changes are queued durably in the {@link SyncStateStore} on
 * whatever thread makes them; {@link #runDue(Instant)} delivers, one caller at a time.
 *
 * <pre>{@code
 * SegmentSync sync = SegmentSync.builder(cdp, segments)
 *     .store(new InMemorySyncStateStore())
 *     .sync("under-30-with-email", FileDestination.builder("crm-export", dir)
 *         .fields(IdentifierField.plain("email")).build())
 *     .build();
 * sync.runDue(clock.instant());   // or from a scheduler, every minute
 * }</pre>
 *
 * <p><b>Delivery.</b> A batch is formed and stored as the pair's one unacknowledged batch before it
 * is sent, together with the progress it represents (snapshot cursor, consumed changes); it is
 * resent unchanged, with the same idempotency key, until acknowledged. So a restart resumes with
 * the last unacknowledged batch and nothing is lost; and since the store records what each
 * destination holds, a member is not added twice nor removed when it was never sent. A retryable
 * failure waits as the {@link RetryPolicy} says; a permanent one, or too many attempts, marks the
 * sync {@link SyncState.Status#FAILED} with the reason until {@link #resume}.
 *
 * <p><b>Which members are sent.</b> A profile is held by a destination when it is a member, exists
 * under that id (a merged-away id is removed; the survivor is a member of its own), holds at least
 * one of the destination's {@linkplain SegmentDestination#fields() identifiers}, and its consent is
 * not denied. <b>Consent choice:</b> a profile whose consent for the destination's {@linkplain
 * SegmentDestination#consentChannel() channel} is {@link ConsentStatus#DENIED}, or who opted out of
 * all channels, is never sent, and is removed when it was sent before; unknown consent counts as
 * not denied (syncing to a list is not yet contacting; the tool that contacts checks
 * reachability). Each change of a profile (consent, identifiers) is checked against what the
 * destination holds, so a changed email is sent again as an added member (destinations treat adds
 * as upserts by profile id).
 */
public final class SegmentSync implements DueWork<SyncReport>, AutoCloseable {
  /**
   * The retries of failed batches unless set: 10 s, doubling, at most 10 min apart, 12 attempts
   * (about an hour and a half in all), longer than a workflow send's because a destination's
   * outage tends to outlast a mail server's.
   */
  public static final RetryPolicy DEFAULT_RETRY =
      RetryPolicy.builder()
          .initialInterval(Duration.ofSeconds(10))
          .maximumInterval(Duration.ofMinutes(10))
          .maximumAttempts(12)
          .build();

  private static final Logger log = LoggerFactory.getLogger(SegmentSync.class);

  private record Binding(String segment, SegmentDestination destination) {}

  private final Cdp cdp;
  private final Segments segments;
  private final SyncStateStore store;
  private final List<Binding> bindings;
  private final int batchSize;
  private final RetryPolicy retry;
  private final Clock clock;
  private final List<Subscription> subscriptions = new ArrayList<>();

  private SegmentSync(Builder builder) {
    this.cdp = builder.cdp;
    this.segments = builder.segments;
    this.store = Objects.requireNonNull(builder.store, "store");
    this.bindings = List.copyOf(builder.bindings);
    this.batchSize = builder.batchSize;
    this.retry = builder.retry;
    this.clock = builder.clock == null ? cdp.clock() : builder.clock;
  }

  public static Builder builder(Cdp cdp, Segments segments) {
    return new Builder(cdp, segments);
  }

  /**
   * The sync state's part of a GDPR export and erasure, for registering with {@link
   * Cdp#registerDataContributor} where no {@code SegmentSync} runs over {@code store} (a running
   * sync registers its own): the export lists the destinations holding the profile, the erasure
   * calls {@link SyncStateStore#forgetProfile}.
   */
  public static ProfileDataContributor dataContributor(SyncStateStore store) {
    return new SyncDataContributor(store);
  }

  private void start() {
    Instant now = clock.instant();
    try {
      for (Binding binding : bindings) {
        segments.get(binding.segment());
        subscriptions.add(segments.registerUse(
            binding.segment(), "destination:" + binding.destination().name()));
        if (store.findState(binding.segment(), binding.destination().name()).isEmpty()) {
          store.saveState(SyncState.initial(binding.segment(), binding.destination().name(), now));
        }
      }
      subscriptions.add(segments.subscribe(this::onTransition));
      subscriptions.add(cdp.registerDataContributor(dataContributor(store)));
      for (Binding binding : bindings) {
        reconcile(binding, now);
      }
      subscriptions.add(cdp.subscribe(new CdpListener() {
        @Override
        public void profileUpdated(Profile profile) {
          onProfileUpdated(profile);
        }
      }));
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /**
   * Queues a change for every current member and every member the destination holds, so that
   * entries and exits that happened while no sync was attached (a restart, a crash) are sent:
   * forming batches drops changes that alter nothing. A pair still sending its first snapshot needs
   * none: the snapshot reads the current members.
   */
  private void reconcile(Binding binding, Instant now) {
    String destination = binding.destination().name();
    SyncState state = store.findState(binding.segment(), destination).orElseThrow();
    if (!state.snapshotComplete()) {
      return;
    }
    String cursor = null;
    do {
      Page<String> page = segments.members(binding.segment(), batchSize, cursor);
      for (String id : page.items()) {
        store.appendChange(binding.segment(), destination, id, "RECONCILE", now);
      }
      cursor = page.next();
    } while (cursor != null);
    String after = null;
    while (true) {
      List<String> held = store.syncedMemberIds(binding.segment(), destination, after, batchSize);
      for (String id : held) {
        if (!segments.isMember(binding.segment(), id)) {
          store.appendChange(binding.segment(), destination, id, "RECONCILE", now);
        }
      }
      if (held.size() < batchSize) {
        return;
      }
      after = held.get(held.size() - 1);
    }
  }

  private void onTransition(SegmentTransition transition) {
    for (Binding binding : bindings) {
      if (binding.segment().equals(transition.segment())) {
        store.appendChange(binding.segment(), binding.destination().name(),
            transition.profileId(), transition.kind() + "/" + transition.cause(), transition.at());
      }
    }
  }

  private void onProfileUpdated(Profile profile) {
    Instant now = clock.instant();
    for (Binding binding : bindings) {
      String destination = binding.destination().name();
      Optional<SyncMember> held = store.findSyncedMember(binding.segment(), destination, profile.id());
      if (held.isEmpty() && !segments.isMember(binding.segment(), profile.id())) {
        continue;
      }
      SyncMember wanted = wanted(binding, profile, now);
      if (!Objects.equals(held.orElse(null), wanted)) {
        store.appendChange(binding.segment(), destination, profile.id(), "PROFILE_UPDATED", now);
      }
    }
  }

  /**
   * Delivers what is due: for each (segment, destination) that is active and due, the
   * unacknowledged batch and then new batches until nothing is left or a delivery fails.
   */
  @Override
  public synchronized SyncReport runDue(Instant now) {
    Objects.requireNonNull(now, "now");
    SyncReport report = SyncReport.EMPTY;
    for (Binding binding : bindings) {
      report = report.plus(runPair(binding, now));
    }
    return report;
  }

  private SyncReport runPair(Binding binding, Instant now) {
    SegmentDestination destination = binding.destination();
    SyncState state = store.findState(binding.segment(), destination.name()).orElseThrow();
    if (state.status() == SyncState.Status.FAILED || now.isBefore(state.nextAttemptAt())) {
      return SyncReport.EMPTY;
    }
    int batches = 0;
    int added = 0;
    int removed = 0;
    while (true) {
      SyncBatch batch = store.findUnacknowledgedBatch(binding.segment(), destination.name())
          .orElse(null);
      if (batch == null) {
        // A store shared by several instances hands a batch, and the forming of one, to one
        // instance; the others wait until it is acknowledged.
        batch = store.formAlone(binding.segment(), destination.name(), () -> {
          SyncState current =
              store.findState(binding.segment(), destination.name()).orElseThrow();
          return current.hasUnacknowledgedBatch() ? null : form(binding, current, now);
        });
        if (batch == null) {
          return new SyncReport(batches, added, removed, 0);
        }
        state = store.findState(binding.segment(), destination.name()).orElseThrow();
      }
      DeliveryOutcome outcome = deliver(destination, batch);
      if (outcome instanceof DeliveryOutcome.Delivered) {
        state = state.acknowledged(now);
        store.acknowledge(batch, state);
        batches++;
        added += batch.added().size();
        removed += batch.removed().size();
        log.debug("Delivered {} ({} added, {} removed)", batch.idempotencyKey(),
            batch.added().size(), batch.removed().size());
        continue;
      }
      if (outcome instanceof DeliveryOutcome.RetryableFailure failure
          && retry.allowsRetryAfter(state.attempts() + 1)) {
        // A destination's Retry-After is honoured in full, even past maximumInterval: a CRM's
        // rate limit outlasts our back-off, and a batch sent early only fails again.
        Duration wait = retry.delayFor(state.attempts() + 1);
        if (failure.retryAfter() != null && failure.retryAfter().compareTo(wait) > 0) {
          wait = failure.retryAfter();
        }
        store.saveState(state.retryAt(now.plus(wait), now));
        log.info("Delivery of {} failed ({}); retrying in {}", batch.idempotencyKey(),
            failure.reason(), wait);
      } else {
        String reason = outcome instanceof DeliveryOutcome.PermanentFailure permanent
            ? permanent.reason()
            : "gave up after " + retry.maximumAttempts() + " attempts: "
                + ((DeliveryOutcome.RetryableFailure) outcome).reason();
        store.saveState(state.failed(reason, now));
        log.warn("Sync of segment {} to {} failed at {}: {}", binding.segment(),
            destination.name(), batch.idempotencyKey(), reason);
      }
      return new SyncReport(batches, added, removed, 1);
    }
  }

  private static DeliveryOutcome deliver(SegmentDestination destination, SyncBatch batch) {
    try {
      return Objects.requireNonNull(destination.deliver(batch), "deliver returned null");
    } catch (RuntimeException e) {
      log.warn("Destination {} threw on {}", destination.name(), batch.idempotencyKey(), e);
      return DeliveryOutcome.retryable(e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  /** Forms and stores the next batch, or returns null when there is nothing to send. */
  private @Nullable SyncBatch form(Binding binding, SyncState state, Instant now) {
    String name = binding.destination().name();
    if (!state.snapshotComplete()) {
      Page<String> page = segments.members(binding.segment(), batchSize, state.snapshotCursor());
      List<SyncMember> added = new ArrayList<>();
      for (String id : page.items()) {
        SyncMember wanted = wanted(binding, id, now);
        if (wanted != null && !store.findSyncedMember(binding.segment(), name, id)
            .map(wanted::equals).orElse(false)) {
          added.add(wanted);
        }
      }
      boolean complete = !page.hasNext();
      SyncState next = state.formed(complete ? null : page.next(), complete, now);
      SyncBatch batch = new SyncBatch(binding.segment(), name, next.lastSequence(),
          SyncBatch.Kind.SNAPSHOT, complete, added, List.of());
      store.saveBatch(batch, List.of(), next);
      return batch;
    }
    while (true) {
      List<PendingChange> changes = store.pendingChanges(binding.segment(), name, batchSize);
      if (changes.isEmpty()) {
        return null;
      }
      Set<String> profileIds = new LinkedHashSet<>();
      List<Long> consumed = new ArrayList<>(changes.size());
      for (PendingChange change : changes) {
        profileIds.add(change.profileId());
        consumed.add(change.id());
      }
      Map<String, SyncMember> added = new LinkedHashMap<>();
      List<SyncMember> removed = new ArrayList<>();
      for (String id : profileIds) {
        SyncMember wanted = wanted(binding, id, now);
        Optional<SyncMember> held = store.findSyncedMember(binding.segment(), name, id);
        if (wanted != null && !held.map(wanted::equals).orElse(false)) {
          added.put(id, wanted);
        } else if (wanted == null && held.isPresent()) {
          removed.add(held.get());
        }
      }
      if (added.isEmpty() && removed.isEmpty()) {
        store.deleteChanges(consumed);
        continue;
      }
      SyncState next = state.formed(null, true, now);
      SyncBatch batch = new SyncBatch(binding.segment(), name, next.lastSequence(),
          SyncBatch.Kind.CHANGES, false, List.copyOf(added.values()), removed);
      store.saveBatch(batch, consumed, next);
      return batch;
    }
  }

  private @Nullable SyncMember wanted(Binding binding, String profileId, Instant now) {
    Optional<Profile> profile = cdp.findProfile(profileId);
    if (profile.isEmpty() || !profile.get().id().equals(profileId)
        || !segments.isMember(binding.segment(), profileId)) {
      return null;
    }
    return wanted(binding, profile.get(), now);
  }

  /** What the destination should hold for a member profile, or null when it should hold nothing. */
  private static @Nullable SyncMember wanted(Binding binding, Profile profile, Instant now) {
    SegmentDestination destination = binding.destination();
    if (profile.consentStatus(ConsentChange.ALL_CHANNELS, now) == ConsentStatus.DENIED) {
      return null;
    }
    Optional<String> channel = destination.consentChannel();
    if (channel.isPresent() && profile.consentStatus(channel.get(), now) == ConsentStatus.DENIED) {
      return null;
    }
    Map<String, String> identifiers = new LinkedHashMap<>();
    for (IdentifierField field : destination.fields()) {
      Optional<Identifier> main = profile.mainIdentifier(field.type());
      main.ifPresent(identifier -> identifiers.put(field.key(), field.encode(identifier.value())));
    }
    if (identifiers.isEmpty() && !destination.fields().isEmpty()) {
      return null;
    }
    return new SyncMember(profile.id(), identifiers);
  }

  /**
   * Restarts a failed sync: its unacknowledged batch is sent again (same idempotency key) at the
   * next {@link #runDue}.
   *
   * @throws IllegalArgumentException when the pair is not synced by this engine
   */
  public synchronized void resume(String segment, String destination) {
    SyncState state = state(segment, destination);
    store.saveState(state.resumed(clock.instant()));
  }

  /**
   * The state of the sync of {@code segment} to {@code destination}.
   *
   * @throws IllegalArgumentException when the pair is not synced by this engine
   */
  public SyncState state(String segment, String destination) {
    boolean known = bindings.stream().anyMatch(
        b -> b.segment().equals(segment) && b.destination().name().equals(destination));
    if (!known) {
      throw new IllegalArgumentException("segment " + segment + " is not synced to " + destination
          + "; synced pairs: " + bindings.stream()
              .map(b -> b.segment() + " -> " + b.destination().name()).toList());
    }
    return store.findState(segment, destination).orElseThrow();
  }

  /** Stops following membership changes and releases the segments' use registrations. */
  @Override
  public synchronized void close() {
    for (Subscription subscription : subscriptions) {
      subscription.close();
    }
    subscriptions.clear();
  }

  /** Configures a {@link SegmentSync}; each setter checks its argument at once. Not thread-safe. */
  public static final class Builder {
    private final Cdp cdp;
    private final Segments segments;
    private @Nullable SyncStateStore store;
    private final List<Binding> bindings = new ArrayList<>();
    private int batchSize = 1_000;
    private RetryPolicy retry = DEFAULT_RETRY;
    private @Nullable Clock clock;
    private boolean batchSizeSet;
    private boolean retrySet;

    private Builder(Cdp cdp, Segments segments) {
      this.cdp = Objects.requireNonNull(cdp, "cdp");
      this.segments = Objects.requireNonNull(segments, "segments");
    }

    /** Where sync state lives (required): {@link InMemorySyncStateStore} or a durable store. */
    public Builder store(SyncStateStore stateStore) {
      if (store != null) {
        throw new IllegalStateException("store was already set to " + store);
      }
      this.store = Objects.requireNonNull(stateStore, "stateStore");
      return this;
    }

    /** Syncs the saved segment to the destination; a destination name may serve several segments. */
    public Builder sync(String segment, SegmentDestination destination) {
      Objects.requireNonNull(segment, "segment");
      Objects.requireNonNull(destination, "destination");
      if (!destination.name().matches("[a-z0-9][a-z0-9_-]{0,63}")) {
        throw new IllegalArgumentException("destination name must be 1 to 64 of a-z, 0-9, _ and -,"
            + " was " + destination.name());
      }
      for (Binding binding : bindings) {
        if (binding.segment().equals(segment)
            && binding.destination().name().equals(destination.name())) {
          throw new IllegalStateException(
              "segment " + segment + " is already synced to " + destination.name());
        }
      }
      bindings.add(new Binding(segment, destination));
      return this;
    }

    /** Members per batch, 1 to 100,000; 1,000 by default. */
    public Builder batchSize(int size) {
      if (batchSizeSet) {
        throw new IllegalStateException("batchSize was already set to " + batchSize);
      }
      if (size < 1 || size > 100_000) {
        throw new IllegalArgumentException("batchSize must be 1 to 100000, was " + size);
      }
      this.batchSize = size;
      batchSizeSet = true;
      return this;
    }

    /** Retries of failed batches; {@link #DEFAULT_RETRY} unless set. */
    public Builder retry(RetryPolicy policy) {
      if (retrySet) {
        throw new IllegalStateException("retry was already set to " + retry);
      }
      this.retry = Objects.requireNonNull(policy, "policy");
      retrySet = true;
      return this;
    }

    /** The clock for state timestamps and consent checks; the Cdp's clock by default. */
    public Builder clock(Clock syncClock) {
      if (clock != null) {
        throw new IllegalStateException("clock was already set to " + clock);
      }
      this.clock = Objects.requireNonNull(syncClock, "syncClock");
      return this;
    }

    /**
     * Builds and starts following membership: each pair's state is created when new (a snapshot
     * first) and kept otherwise (resuming where it stood).
     *
     * @throws IllegalStateException without a store or a synced pair
     * @throws io.cdpkit.segments.SegmentNotFoundException when a segment is not saved
     */
    public SegmentSync build() {
      if (store == null) {
        throw new IllegalStateException("a store is required: store(new InMemorySyncStateStore())");
      }
      if (bindings.isEmpty()) {
        throw new IllegalStateException("nothing to sync: call sync(segment, destination)");
      }
      SegmentSync sync = new SegmentSync(this);
      sync.start();
      return sync;
    }
  }
}
