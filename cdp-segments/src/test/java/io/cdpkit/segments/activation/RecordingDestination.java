package io.cdpkit.segments.activation;

import io.cdpkit.core.delivery.DeliveryOutcome;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A destination that records each attempt and applies each idempotency key once; scriptable. */
final class RecordingDestination implements SegmentDestination {
  private final String name;
  private final List<IdentifierField> fields;
  private final Optional<String> channel;
  final List<SyncBatch> attempts = new ArrayList<>();
  final Map<String, SyncBatch> applied = new LinkedHashMap<>();
  /** Outcomes to answer next (after applying, when {@link #applyBeforeFailing}); then delivered. */
  final Deque<DeliveryOutcome> script = new ArrayDeque<>();
  boolean applyBeforeFailing;

  RecordingDestination(String name, Optional<String> channel, IdentifierField... fields) {
    this.name = name;
    this.channel = channel;
    this.fields = List.of(fields);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public List<IdentifierField> fields() {
    return fields;
  }

  @Override
  public Optional<String> consentChannel() {
    return channel;
  }

  @Override
  public synchronized DeliveryOutcome deliver(SyncBatch batch) {
    attempts.add(batch);
    DeliveryOutcome next = script.poll();
    if (next == null || applyBeforeFailing) {
      applied.putIfAbsent(batch.idempotencyKey(), batch);
    }
    return next == null ? DeliveryOutcome.delivered() : next;
  }

  /** Every member added over all applied batches, in order (a profile twice means sent twice). */
  List<String> addedIds() {
    return applied.values().stream().flatMap(b -> b.added().stream()).map(SyncMember::profileId).toList();
  }

  List<String> removedIds() {
    return applied.values().stream().flatMap(b -> b.removed().stream()).map(SyncMember::profileId).toList();
  }
}
