package io.cdpkit.segments.spi.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cdpkit.segments.SavedSegment;
import io.cdpkit.segments.SegmentTransition;
import io.cdpkit.segments.spi.SegmentStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The contract of {@link SegmentStore}: extend it and implement {@link #createStore()}. */
public abstract class SegmentStoreContract {
  protected static final Instant T0 = Instant.parse("2026-06-15T12:00:00Z");

  protected SegmentStore store;

  /** A new, empty store. */
  protected abstract SegmentStore createStore();

  @BeforeEach
  void open() {
    store = createStore();
  }

  @AfterEach
  void close() {
    store.close();
  }

  private static SavedSegment segment(String name, String expression) {
    return new SavedSegment(name, expression, "about " + name, T0, T0.plusSeconds(1));
  }

  @Nested
  @DisplayName("definitions")
  class Definitions {
    @Test
    @DisplayName("put inserts or replaces; find and list (by name) see the latest")
    void putFindList() {
      store.putSegment(segment("b", "everyone"));
      store.putSegment(segment("a", "age < 30"));
      store.putSegment(segment("a", "age < 40"));
      assertThat(store.findSegment("a")).contains(segment("a", "age < 40"));
      assertThat(store.segments()).extracting(SavedSegment::name).containsExactly("a", "b");
      assertThat(store.findSegment("c")).isEmpty();
      SavedSegment withoutDescription = new SavedSegment("n", "everyone", null, T0, T0);
      store.putSegment(withoutDescription);
      assertThat(store.findSegment("n")).contains(withoutDescription);
    }

    @Test
    @DisplayName("delete removes the definition, its members and its checks")
    void delete() {
      store.putSegment(segment("a", "everyone"));
      store.addMember("a", "p1");
      store.scheduleCheck("a", "p1", T0);
      store.deleteSegment("a");
      assertThat(store.findSegment("a")).isEmpty();
      assertThat(store.countMembers("a")).isZero();
      assertThat(store.segmentsOf("p1")).isEmpty();
      assertThat(store.dueChecks(T0.plusSeconds(10), 10)).isEmpty();
    }

    @Test
    @DisplayName("rename moves members and checks")
    void rename() {
      store.putSegment(segment("a", "everyone"));
      store.addMember("a", "p1");
      store.scheduleCheck("a", "p1", T0);
      store.renameSegment("a", segment("b", "everyone"));
      assertThat(store.findSegment("a")).isEmpty();
      assertThat(store.findSegment("b")).isPresent();
      assertThat(store.isMember("b", "p1")).isTrue();
      assertThat(store.segmentsOf("p1")).containsExactly("b");
      assertThat(store.dueChecks(T0, 10)).containsExactly(new SegmentStore.DueCheck("b", "p1", T0));
    }
  }

  @Nested
  @DisplayName("membership")
  class Membership {
    @Test
    @DisplayName("add and remove report changes; counts and lookups follow")
    void addRemove() {
      assertThat(store.addMember("s", "p1")).isTrue();
      assertThat(store.addMember("s", "p1")).isFalse();
      assertThat(store.addMember("s", "p2")).isTrue();
      assertThat(store.addMember("t", "p1")).isTrue();
      assertThat(store.countMembers("s")).isEqualTo(2);
      assertThat(store.isMember("s", "p2")).isTrue();
      assertThat(store.segmentsOf("p1")).containsExactly("s", "t");
      assertThat(store.removeMember("s", "p1")).isTrue();
      assertThat(store.removeMember("s", "p1")).isFalse();
      assertThat(store.countMembers("s")).isEqualTo(1);
      assertThat(store.countMembers("none")).isZero();
    }

    @Test
    @DisplayName("a list add or remove changes each member once and returns exactly those it changed, in order")
    void listForms() {
      store.addMember("s", "p00002");
      store.addMember("t", "p00005");
      // More ids than a SQL store writes per transaction, with repeats and existing members.
      List<String> ids = new ArrayList<>();
      for (int i = 1; i <= 12_000; i++) {
        ids.add(String.format("p%05d", i));
      }
      ids.add("p00009");
      assertThat(store.addMembers("s", ids)).hasSize(11_999).doesNotContain("p00002")
          .startsWith("p00001", "p00003").endsWith("p11999", "p12000");
      assertThat(store.countMembers("s")).isEqualTo(12_000);
      assertThat(store.removeMembers("s", List.of("p00005", "none", "p00005", "p11000")))
          .containsExactly("p00005", "p11000");
      assertThat(store.isMember("s", "p00005")).isFalse();
      assertThat(store.isMember("t", "p00005")).isTrue();
      assertThat(store.countMembers("s")).isEqualTo(11_998);
      assertThat(store.removeMembers("s", List.of())).isEmpty();
    }

    @Test
    @DisplayName("members page in id order after a given id")
    void paging() {
      for (String id : List.of("p3", "p1", "p5", "p2", "p4")) {
        store.addMember("s", id);
      }
      assertThat(store.members("s", null, 2)).containsExactly("p1", "p2");
      assertThat(store.members("s", "p2", 2)).containsExactly("p3", "p4");
      assertThat(store.members("s", "p4", 2)).containsExactly("p5");
      assertThat(store.members("s", "p5", 2)).isEmpty();
      assertThat(store.members("none", null, 2)).isEmpty();
    }

    @Test
    @DisplayName("forgetting a profile removes it from every segment and check")
    void forget() {
      store.addMember("s", "p1");
      store.addMember("t", "p1");
      store.addMember("s", "p2");
      store.scheduleCheck("s", "p1", T0);
      store.forgetProfile("p1");
      assertThat(store.segmentsOf("p1")).isEmpty();
      assertThat(store.countMembers("s")).isEqualTo(1);
      assertThat(store.dueChecks(T0, 10)).isEmpty();
    }
  }

  @Nested
  @DisplayName("transitions")
  class Transitions {
    private SegmentTransition entered(String segment, String profileId) {
      return new SegmentTransition(
          SegmentTransition.Kind.ENTERED, segment, profileId, T0, SegmentTransition.Cause.EVENT);
    }

    private SegmentTransition exited(String segment, String profileId) {
      return new SegmentTransition(
          SegmentTransition.Kind.EXITED, segment, profileId, T0, SegmentTransition.Cause.EVENT);
    }

    @Test
    @DisplayName("applying transitions changes membership by compare-and-set and hands on exactly those that changed it")
    void applied() {
      store.addMember("s", "p1");
      List<SegmentTransition> handed = new ArrayList<>();
      List<SegmentTransition> applied = store.applyTransitions(
          List.of(entered("s", "p1"), entered("s", "p2"), exited("s", "p1"), exited("t", "p3"),
              entered("t", "p3")),
          handed::addAll);
      assertThat(applied)
          .containsExactly(entered("s", "p2"), exited("s", "p1"), entered("t", "p3"));
      assertThat(handed).isEqualTo(applied);
      assertThat(store.members("s", null, 10)).containsExactly("p2");
      assertThat(store.segmentsOf("p3")).containsExactly("t");
      assertThat(store.applyTransitions(List.of(entered("s", "p2")), handed::addAll)).isEmpty();
      assertThat(handed).hasSize(3);
    }

    @Test
    @DisplayName("a store that joins storage writes keeps no change whose callback failed")
    void failedCallbackUndoes() {
      assumeTrue(store.joinsStorageWrites(), "changes of this store commit before the callback");
      store.addMember("s", "p1");
      assertThatThrownBy(() -> store.applyTransitions(
          List.of(entered("s", "p2"), exited("s", "p1")),
          changed -> {
            throw new IllegalStateException("the signal could not be written");
          }))
          .isInstanceOf(IllegalStateException.class);
      assertThat(store.members("s", null, 10)).containsExactly("p1");
    }
  }

  @Nested
  @DisplayName("time checks")
  class Checks {
    @Test
    @DisplayName("due checks come earliest first, up to the limit; rescheduling replaces and null clears")
    void due() {
      store.scheduleCheck("s", "p1", T0.plusSeconds(30));
      store.scheduleCheck("s", "p2", T0.plusSeconds(10));
      store.scheduleCheck("t", "p1", T0.plusSeconds(20));
      store.scheduleCheck("s", "p3", T0.plusSeconds(99));
      assertThat(store.dueChecks(T0.plusSeconds(30), 10))
          .containsExactly(
              new SegmentStore.DueCheck("s", "p2", T0.plusSeconds(10)),
              new SegmentStore.DueCheck("t", "p1", T0.plusSeconds(20)),
              new SegmentStore.DueCheck("s", "p1", T0.plusSeconds(30)));
      assertThat(store.dueChecks(T0.plusSeconds(30), 2)).hasSize(2);
      store.scheduleCheck("s", "p2", T0.plusSeconds(50));
      store.scheduleCheck("t", "p1", null);
      assertThat(store.dueChecks(T0.plusSeconds(30), 10))
          .containsExactly(new SegmentStore.DueCheck("s", "p1", T0.plusSeconds(30)));
    }
  }
}
