package io.cdpkit.workflows.spi.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdpkit.workflows.enrollment.Enrollment;
import io.cdpkit.workflows.enrollment.EnrollmentState;
import io.cdpkit.workflows.spi.EnrollmentStore;
import io.cdpkit.workflows.spi.IdempotencyKey;
import io.cdpkit.workflows.spi.NewEnrollment;
import io.cdpkit.workflows.spi.SendRecord;
import io.cdpkit.workflows.spi.StaleEnrollmentException;
import io.cdpkit.workflows.spi.StoredSignal;
import io.cdpkit.workflows.spi.StoredWorkflow;
import io.cdpkit.workflows.spi.WorkflowStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The rules every {@link EnrollmentStore} follows. Subclass it with one factory method; override
 * {@link #reopen} and {@link #survivesReopen} for a durable store.
 */
public abstract class EnrollmentStoreContract {
  protected static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

  protected EnrollmentStore store;

  /** A new, empty store. */
  protected abstract EnrollmentStore createStore();

  /** Whether {@link #reopen} gives a store with the same content. */
  protected boolean survivesReopen() {
    return false;
  }

  /** The same store reopened (after closing, for durable stores). */
  protected EnrollmentStore reopen(EnrollmentStore current) {
    return current;
  }

  @BeforeEach
  void createTheStore() {
    store = createStore();
  }

  private static Enrollment enrollment(String id, String profile, Instant at) {
    return Enrollment.start(id, "w", 1, profile, "s1", null, at);
  }

  @Nested
  class Workflows {
    @Test
    @DisplayName("saves versions, finds each, lists them oldest first and refuses a repeat")
    void versions() {
      store.saveWorkflow(new StoredWorkflow("w", 1, "{}", T0));
      store.saveWorkflow(new StoredWorkflow("w", 2, "{\"a\":1}", T0));
      assertThat(store.findWorkflow("w", 2)).get().extracting(StoredWorkflow::json)
          .isEqualTo("{\"a\":1}");
      assertThat(store.versions("w")).extracting(StoredWorkflow::version).containsExactly(1, 2);
      assertThatThrownBy(() -> store.saveWorkflow(new StoredWorkflow("w", 1, "{}", T0)))
          .isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> store.saveWorkflow(new StoredWorkflow("w", 1, "{\"b\":2}", T0)))
          .isInstanceOf(IllegalStateException.class);
      assertThat(store.findWorkflow("w", 1)).as("a refused save keeps the version as it was")
          .get().extracting(StoredWorkflow::json).isEqualTo("{}");
    }

    @Test
    @DisplayName("puts statuses, lists them by name, and deletes a workflow with its enrollments")
    void statusesAndDelete() {
      store.putStatus(new WorkflowStatus("b", 1, false, null));
      store.putStatus(new WorkflowStatus("a", 1, true, T0));
      store.putStatus(new WorkflowStatus("a", 2, true, T0));
      assertThat(store.statuses()).extracting(WorkflowStatus::name).containsExactly("a", "b");
      assertThat(store.findStatus("a")).get().extracting(WorkflowStatus::currentVersion)
          .isEqualTo(2);
      store.putStatus(new WorkflowStatus("a", 1, false, null));
      assertThat(store.findStatus("a")).as("a late put of an older version keeps the newer one")
          .contains(new WorkflowStatus("a", 2, false, null));
      store.saveWorkflow(new StoredWorkflow("w", 1, "{}", T0));
      store.putStatus(new WorkflowStatus("w", 1, true, T0));
      store.insert(enrollment("e1", "p1", T0));
      store.deleteWorkflow("w");
      assertThat(store.findStatus("w")).isEmpty();
      assertThat(store.versions("w")).isEmpty();
      assertThat(store.find("e1")).isEmpty();
      assertThat(store.due(T0, 10)).isEmpty();
    }
  }

  @Nested
  class Enrollments {
    @Test
    @DisplayName("inserts once, updates known ids only, and finds by id, profile and workflow")
    void insertUpdateFind() {
      Enrollment e = enrollment("e1", "p1", T0);
      store.insert(e);
      assertThatThrownBy(() -> store.insert(e)).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> store.update(enrollment("nope", "p1", T0)))
          .isInstanceOf(IllegalStateException.class);
      Enrollment moved = e.withProfileId("p2").note(T0, "moved");
      Enrollment stored = store.update(moved);
      assertThat(stored).isEqualTo(moved.withRevision(1));
      assertThat(store.find("e1")).contains(stored);
      assertThat(store.ofProfile("p1")).isEmpty();
      assertThat(store.ofProfile("p2")).containsExactly(stored);
      assertThat(store.ofWorkflow("w")).containsExactly(stored);
    }

    @Test
    @DisplayName("refuses an update of a copy read before another writer's update: the pause stands")
    void revisions() {
      store.insert(enrollment("e1", "p1", T0));
      Enrollment advancing = store.find("e1").orElseThrow();
      Enrollment pausing = store.find("e1").orElseThrow();
      Enrollment paused = store.update(pausing.withState(EnrollmentState.PAUSED, T0));
      assertThatThrownBy(() -> store.update(advancing.atStep("s2", T0)))
          .isInstanceOf(StaleEnrollmentException.class);
      assertThat(store.find("e1")).contains(paused);
      assertThat(store.update(paused.withState(EnrollmentState.WAITING, T0)).revision())
          .isEqualTo(2);
    }

    @Test
    @DisplayName("refuses to insert a second live enrollment of a profile in a workflow, also on completing a signal")
    void oneLiveEnrollment() {
      assertThat(store.insert(enrollment("e1", "p1", T0))).isTrue();
      assertThat(store.insert(enrollment("e2", "p1", T0))).isFalse();
      long signal = store.appendSignal(StoredSignal.Kind.EVENT_STORED, "{}");
      assertThat(store.completeSignal(signal, List.of(NewEnrollment.of(enrollment("e3", "p1", T0)),
              NewEnrollment.of(enrollment("e4", "p2", T0)),
              NewEnrollment.of(enrollment("e5", "p2", T0)))))
          .isEqualTo(1);
      assertThat(store.insert(Enrollment.start("e6", "other", 1, "p1", "s1", null, T0))).isTrue();
      store.update(store.find("e1").orElseThrow()
          .withState(EnrollmentState.COMPLETED, null).ended(null, T0));
      assertThat(store.insert(enrollment("e7", "p1", T0))).isTrue();
      assertThat(store.ofWorkflow("w")).extracting(Enrollment::id)
          .containsExactlyInAnyOrder("e1", "e4", "e7");
    }

    @Test
    @DisplayName("lists due active and waiting enrollments, earliest first, up to the limit")
    void due() {
      store.insert(enrollment("b", "p1", T0));
      store.insert(enrollment("a", "p2", T0));
      Enrollment later = enrollment("c", "p3", T0).withState(
          EnrollmentState.WAITING, T0.plus(Duration.ofHours(1)));
      store.insert(later);
      Enrollment paused = enrollment("d", "p4", T0).withState(EnrollmentState.PAUSED, T0);
      store.insert(paused);
      assertThat(store.due(T0, 10)).extracting(Enrollment::id).containsExactly("a", "b");
      assertThat(store.due(T0, 1)).extracting(Enrollment::id).containsExactly("a");
      assertThat(store.due(T0.plus(Duration.ofHours(1)), 10)).extracting(Enrollment::id)
          .containsExactly("a", "b", "c");
      store.update(later.withState(EnrollmentState.COMPLETED, null).ended(null, T0));
      assertThat(store.due(T0.plus(Duration.ofDays(1)), 10)).extracting(Enrollment::id)
          .containsExactly("a", "b");
    }

    @Test
    @DisplayName("counts enrollments by state and conversions")
    void counts() {
      store.insert(enrollment("a", "p1", T0));
      store.insert(enrollment("b", "p2", T0).withConverted());
      store.insert(enrollment("c", "p3", T0).withState(EnrollmentState.FAILED, null));
      assertThat(store.countByState("w"))
          .containsEntry(EnrollmentState.ACTIVE, 2L)
          .containsEntry(EnrollmentState.FAILED, 1L);
      assertThat(store.countConverted("w")).isEqualTo(1);
    }
  }

  @Nested
  class Sends {
    @Test
    @DisplayName("records an intent once, then its outcome, keyed by the idempotency key")
    void intentThenOutcome() {
      IdempotencyKey key = IdempotencyKey.of("e1", "s1", 1);
      store.recordSend(SendRecord.intent(key, "w", "p1", "email", T0));
      assertThatThrownBy(() -> store.recordSend(SendRecord.intent(key, "w", "p1", "email", T0)))
          .isInstanceOf(IllegalStateException.class);
      assertThat(store.findSend(key)).get().extracting(SendRecord::status)
          .isEqualTo(SendRecord.Status.INTENDED);
      store.recordOutcome(key, SendRecord.Status.DELIVERED, "id-1", T0.plusSeconds(1));
      assertThat(store.findSend(key)).get().satisfies(r -> {
        assertThat(r.status()).isEqualTo(SendRecord.Status.DELIVERED);
        assertThat(r.detail()).isEqualTo("id-1");
        assertThat(r.outcomeAt()).isEqualTo(T0.plusSeconds(1));
      });
      assertThatThrownBy(() -> store.recordOutcome(
          IdempotencyKey.of("x", "y", 1), SendRecord.Status.DELIVERED, "", T0))
          .isInstanceOf(IllegalStateException.class);
    }

    @Test
    @DisplayName("lists an enrollment's sends and counts delivered sends per profile and channel")
    void listAndCount() {
      store.recordSend(SendRecord.intent(IdempotencyKey.of("e1", "a", 1), "w", "p1", "email", T0));
      store.recordOutcome(IdempotencyKey.of("e1", "a", 1), SendRecord.Status.DELIVERED, "", T0);
      store.recordSend(SendRecord.skip(
          IdempotencyKey.of("e1", "b", 1), "w", "p1", "email", "quiet hours",
          T0.plusSeconds(5)));
      store.recordSend(SendRecord.intent(IdempotencyKey.of("e2", "a", 1), "v", "p1", "sms", T0));
      store.recordOutcome(IdempotencyKey.of("e2", "a", 1), SendRecord.Status.DELIVERED, "", T0);
      assertThat(store.sendsOf("e1")).extracting(r -> r.key().stepId()).containsExactly("a", "b");
      assertThat(store.countDelivered("p1", "email", T0)).isEqualTo(1);
      assertThat(store.countDelivered("p1", "email", T0.plusSeconds(1))).isZero();
      assertThat(store.countDelivered("p1", "sms", T0)).isEqualTo(1);
    }

    @Test
    @DisplayName("forgetting a profile deletes its enrollments and every send naming it, and nothing else")
    void forgetProfile() {
      store.insert(enrollment("e1", "p1", T0));
      store.insert(enrollment("e2", "p2", T0));
      store.recordSend(SendRecord.intent(IdempotencyKey.of("e1", "a", 1), "w", "p1", "email", T0));
      store.recordOutcome(IdempotencyKey.of("e1", "a", 1), SendRecord.Status.DELIVERED, "", T0);
      store.recordSend(SendRecord.intent(IdempotencyKey.of("e2", "a", 1), "w", "p2", "email", T0));
      assertThat(store.forgetProfile("p1")).isEqualTo(1);
      assertThat(store.find("e1")).isEmpty();
      assertThat(store.ofProfile("p1")).isEmpty();
      assertThat(store.findSend(IdempotencyKey.of("e1", "a", 1))).isEmpty();
      assertThat(store.countDelivered("p1", "email", T0)).isZero();
      assertThat(store.ofWorkflow("w")).extracting(Enrollment::id).containsExactly("e2");
      assertThat(store.findSend(IdempotencyKey.of("e2", "a", 1))).isPresent();
      assertThat(store.due(T0.plusSeconds(60), 10)).extracting(Enrollment::id).doesNotContain("e1");
      assertThat(store.forgetProfile("p1")).isZero();
    }
  }

  @Nested
  class Signals {
    @Test
    @DisplayName("appends signals with growing ids and lists the pending ones oldest first, up to the limit")
    void appendAndList() {
      long first = store.appendSignal(StoredSignal.Kind.EVENT_STORED, "{\"event\":\"ev1\"}");
      long second = store.appendSignal(StoredSignal.Kind.SEGMENT_TRANSITION, "{}");
      long third = store.appendSignal(StoredSignal.Kind.PROFILES_MERGED, "{\"absorbed\":[]}");
      assertThat(second).isGreaterThan(first);
      assertThat(third).isGreaterThan(second);
      assertThat(store.pendingSignals(10)).containsExactly(
          new StoredSignal(first, StoredSignal.Kind.EVENT_STORED, "{\"event\":\"ev1\"}"),
          new StoredSignal(second, StoredSignal.Kind.SEGMENT_TRANSITION, "{}"),
          new StoredSignal(third, StoredSignal.Kind.PROFILES_MERGED, "{\"absorbed\":[]}"));
      assertThat(store.pendingSignals(2)).extracting(StoredSignal::id)
          .containsExactly(first, second);
      assertThatThrownBy(() -> store.pendingSignals(0))
          .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("appending several signals at once keeps their order, after those appended before")
    void appendMany() {
      long before = store.appendSignal(StoredSignal.Kind.PROFILES_MERGED, "{}");
      store.appendSignals(StoredSignal.Kind.EVENT_STORED,
          List.of("{\"event\":\"ev1\"}", "{\"event\":\"ev2\"}", "{\"event\":\"ev3\"}"));
      store.appendSignals(StoredSignal.Kind.EVENT_STORED, List.of());
      List<StoredSignal> pending = store.pendingSignals(10);
      assertThat(pending).extracting(StoredSignal::payload).containsExactly(
          "{}", "{\"event\":\"ev1\"}", "{\"event\":\"ev2\"}", "{\"event\":\"ev3\"}");
      assertThat(pending).extracting(StoredSignal::id).first().isEqualTo(before);
      assertThat(pending).extracting(StoredSignal::id).isSorted().doesNotHaveDuplicates();
      assertThat(pending.subList(1, 4)).extracting(StoredSignal::kind)
          .containsOnly(StoredSignal.Kind.EVENT_STORED);
    }

    @Test
    @DisplayName("refuses an insert the re-entry rule forbids beside an ended enrollment, also on completing a signal")
    void reEntryRules() {
      store.insert(enrollment("e1", "p1", T0));
      store.update(store.find("e1").orElseThrow()
          .withState(EnrollmentState.COMPLETED, null).ended(null, T0));
      assertThat(store.insert(new NewEnrollment(enrollment("e2", "p1", T0), Instant.MIN)))
          .as("once per profile").isFalse();
      long signal = store.appendSignal(StoredSignal.Kind.EVENT_STORED, "{}");
      assertThat(store.completeSignal(signal, List.of(
              new NewEnrollment(enrollment("e3", "p1", T0), Instant.MIN),
              new NewEnrollment(enrollment("e4", "p2", T0), Instant.MIN))))
          .as("once per profile, p2 never enrolled").isEqualTo(1);
      assertThat(store.insert(new NewEnrollment(enrollment("e5", "p1", T0), T0.minusSeconds(1))))
          .as("ended inside the cool-down").isFalse();
      assertThat(store.insert(new NewEnrollment(enrollment("e6", "p1", T0), T0)))
          .as("ended when the cool-down began").isTrue();
      assertThat(store.ofWorkflow("w")).extracting(Enrollment::id)
          .containsExactlyInAnyOrder("e1", "e4", "e6");
    }

    @Test
    @DisplayName("completing a signal stores the enrollments it started and deletes it")
    void complete() {
      long first = store.appendSignal(StoredSignal.Kind.EVENT_STORED, "{}");
      long second = store.appendSignal(StoredSignal.Kind.EVENT_STORED, "{}");
      store.completeSignal(first, List.of(
          NewEnrollment.of(enrollment("e1", "p1", T0)), NewEnrollment.of(enrollment("e2", "p2", T0))));
      store.completeSignal(second, List.of());
      assertThat(store.pendingSignals(10)).isEmpty();
      assertThat(store.ofWorkflow("w")).extracting(Enrollment::id).containsExactly("e1", "e2");
      assertThat(store.due(T0, 10)).hasSize(2);
      store.completeSignal(second, List.of());
      assertThat(store.pendingSignals(10)).isEmpty();
    }

    @Test
    @DisplayName("a completion whose enrollment exists changes nothing: the signal stays pending")
    void completionIsAtomic() {
      store.insert(enrollment("e1", "p1", T0));
      long id = store.appendSignal(StoredSignal.Kind.EVENT_STORED, "{}");
      assertThatThrownBy(() -> store.completeSignal(
              id, List.of(NewEnrollment.of(enrollment("e2", "p2", T0)),
                  NewEnrollment.of(enrollment("e1", "p1", T0)))))
          .isInstanceOf(IllegalStateException.class);
      assertThat(store.find("e2")).isEmpty();
      assertThat(store.pendingSignals(10)).extracting(StoredSignal::id).containsExactly(id);
    }

    @Test
    @DisplayName("a signal appended after others were completed still comes after them")
    void idsKeepGrowing() {
      long first = store.appendSignal(StoredSignal.Kind.EVENT_STORED, "{}");
      store.completeSignal(first, List.of());
      long second = store.appendSignal(StoredSignal.Kind.EVENT_STORED, "{}");
      assertThat(second).isGreaterThan(first);
    }
  }

  @Nested
  class Durability {
    @Test
    @DisplayName("keeps enrollments, definitions and sends across a reopen")
    void survivesReopen() {
      org.junit.jupiter.api.Assumptions.assumeTrue(EnrollmentStoreContract.this.survivesReopen());
      store.saveWorkflow(new StoredWorkflow("w", 1, "{}", T0));
      store.insert(enrollment("e1", "p1", T0));
      store.recordSend(SendRecord.intent(IdempotencyKey.of("e1", "s1", 1), "w", "p1", "email", T0));
      store = EnrollmentStoreContract.this.reopen(store);
      assertThat(store.find("e1")).isPresent();
      assertThat(store.findWorkflow("w", 1)).isPresent();
      assertThat(store.findSend(IdempotencyKey.of("e1", "s1", 1))).isPresent();
      assertThat(store.due(T0, 10)).hasSize(1);
    }

    @Test
    @DisplayName("hands out again at once, after a reopen, what it handed out before closing")
    void claimsEndOnClose() {
      org.junit.jupiter.api.Assumptions.assumeTrue(EnrollmentStoreContract.this.survivesReopen());
      store.insert(enrollment("e1", "p1", T0));
      long signal = store.appendSignal(StoredSignal.Kind.EVENT_STORED, "{}");
      assertThat(store.due(T0, 10)).hasSize(1);
      assertThat(store.pendingSignals(10)).hasSize(1);
      store = EnrollmentStoreContract.this.reopen(store);
      assertThat(store.due(T0, 10)).extracting(Enrollment::id).containsExactly("e1");
      assertThat(store.pendingSignals(10)).extracting(StoredSignal::id).containsExactly(signal);
    }

    @Test
    @DisplayName("keeps pending signals, their order and payloads, across a reopen")
    void signalsSurviveReopen() {
      org.junit.jupiter.api.Assumptions.assumeTrue(EnrollmentStoreContract.this.survivesReopen());
      long done = store.appendSignal(StoredSignal.Kind.EVENT_STORED, "{\"event\":\"ev1\"}");
      long first = store.appendSignal(StoredSignal.Kind.EVENT_STORED, "{\"event\":\"ev2\"}");
      long second = store.appendSignal(StoredSignal.Kind.PROFILES_MERGED, "{}");
      store.completeSignal(done, List.of(NewEnrollment.of(enrollment("e1", "p1", T0))));
      store = EnrollmentStoreContract.this.reopen(store);
      assertThat(store.pendingSignals(10)).containsExactly(
          new StoredSignal(first, StoredSignal.Kind.EVENT_STORED, "{\"event\":\"ev2\"}"),
          new StoredSignal(second, StoredSignal.Kind.PROFILES_MERGED, "{}"));
      assertThat(store.find("e1")).isPresent();
      assertThat(store.appendSignal(StoredSignal.Kind.EVENT_STORED, "{}")).isGreaterThan(second);
    }
  }
}
