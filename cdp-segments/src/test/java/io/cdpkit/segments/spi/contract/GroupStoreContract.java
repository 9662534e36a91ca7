package io.cdpkit.segments.spi.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdpkit.segments.spi.GroupStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The contract of {@link GroupStore}: extend it and implement {@link #createStore()}. */
public abstract class GroupStoreContract {
  protected static final Instant T0 = Instant.parse("2026-06-15T12:00:00Z");

  protected GroupStore store;

  /** A new, empty store. */
  protected abstract GroupStore createStore();

  @BeforeEach
  void open() {
    store = createStore();
  }

  @Test
  @DisplayName("create refuses an existing name; find and list see groups by name")
  void create() {
    assertThat(store.createGroup("vip", T0)).isTrue();
    assertThat(store.createGroup("vip", T0.plusSeconds(5))).isFalse();
    assertThat(store.createGroup("alpha", T0)).isTrue();
    assertThat(store.findGroup("vip")).contains(T0);
    assertThat(store.groupNames()).containsExactly("alpha", "vip");
    assertThat(store.findGroup("none")).isEmpty();
  }

  @Test
  @DisplayName("a merge carries the absorbed profile's groups into the survivor; an unmerge gives them back and takes away only what the survivor held through it")
  void carryAndGiveBack() {
    store.createGroup("vip", T0);
    store.createGroup("newsletter", T0);
    store.createGroup("beta", T0);
    store.addToGroup("vip", "a");
    store.addToGroup("vip", "b");
    store.addToGroup("newsletter", "b");
    store.addToGroup("beta", "d");
    store.carryGroups("b", "a");
    store.carryGroups("d", "a");
    assertThat(store.groupsOf("a")).containsExactly("beta", "newsletter", "vip");
    assertThat(store.groupsOf("b")).isEmpty();
    store.carryGroups("a", "c");
    assertThat(store.groupsOf("c")).containsExactly("beta", "newsletter", "vip");
    store.giveBackGroups("a", "c");
    assertThat(store.groupsOf("c")).isEmpty();
    assertThat(store.groupsOf("a")).containsExactly("beta", "newsletter", "vip");
    store.renameGroup("newsletter", "news");
    store.giveBackGroups("b", "a");
    assertThat(store.groupsOf("b")).containsExactly("news", "vip");
    assertThat(store.groupsOf("a")).containsExactly("beta", "vip");
    store.deleteGroup("beta");
    store.giveBackGroups("d", "a");
    assertThat(store.groupsOf("d")).isEmpty();
    assertThat(store.groupsOf("a")).containsExactly("vip");
  }

  @Test
  @DisplayName("an unmerge gives each side the groups it would hold without the merge, changes made through it while merged included")
  void giveBackFollowsChangesWhileMerged() {
    store.createGroup("vip", T0);
    store.createGroup("beta", T0);
    store.createGroup("news", T0);
    store.addToGroup("vip", "b");
    store.addToGroup("news", "a");
    store.carryGroups("b", "a");
    // Added through b's id while b is inside a; removed through b while merged.
    store.addToGroup("beta", "a");
    store.recordGroupChanges("beta", List.of("b"), true);
    store.removeFromGroup("news", "a");
    store.recordGroupChanges("news", List.of("b"), false);
    store.carryGroups("a", "c");
    assertThat(store.groupsOf("c")).containsExactly("beta", "vip");
    // b comes out of a, which stays inside c: c keeps nothing that came through b.
    store.giveBackGroups("b", "c");
    assertThat(store.groupsOf("b")).containsExactly("beta", "vip");
    assertThat(store.groupsOf("c")).containsExactly("news");
    store.giveBackGroups("a", "c");
    assertThat(store.groupsOf("a")).containsExactly("news");
    assertThat(store.groupsOf("c")).isEmpty();
  }

  @Test
  @DisplayName("a removal while merged holds for every profile inside then, and only for those")
  void removalWhileMergedHoldsForThoseInside() {
    store.createGroup("vip", T0);
    store.addToGroup("vip", "a");
    store.addToGroup("vip", "b");
    store.carryGroups("b", "a");
    store.removeFromGroup("vip", "a");
    store.recordGroupChanges("vip", List.of("a"), false);
    store.addToGroup("vip", "d");
    store.carryGroups("d", "a");
    assertThat(store.groupsOf("a")).containsExactly("vip");
    store.giveBackGroups("d", "a");
    assertThat(store.groupsOf("a")).isEmpty();
    assertThat(store.groupsOf("d")).containsExactly("vip");
    store.giveBackGroups("b", "a");
    assertThat(store.groupsOf("b")).containsExactly("vip");
    assertThat(store.groupsOf("a")).isEmpty();
  }

  @Test
  @DisplayName("a list add or remove changes each member once and returns exactly those it changed, in order")
  void listForms() {
    store.createGroup("vip", T0);
    store.addToGroup("vip", "p00002");
    // More ids than a SQL store writes per transaction, with repeats and existing members.
    List<String> ids = new ArrayList<>();
    for (int i = 12_000; i >= 1; i--) {
      ids.add(String.format("p%05d", i));
    }
    ids.add("p00007");
    List<String> added = store.addToGroup("vip", ids);
    assertThat(added).hasSize(11_999).doesNotContain("p00002").startsWith("p12000", "p11999")
        .endsWith("p00003", "p00001");
    assertThat(store.countGroup("vip")).isEqualTo(12_000);
    assertThat(store.removeFromGroup("vip", List.of("p00003", "none", "p00003", "p11000")))
        .containsExactly("p00003", "p11000");
    assertThat(store.inGroup("vip", "p00003")).isFalse();
    assertThat(store.countGroup("vip")).isEqualTo(11_998);
    assertThat(store.addToGroup("vip", List.of())).isEmpty();
  }

  @Test
  @DisplayName("members add and remove once, count, page in id order and list per profile")
  void members() {
    store.createGroup("vip", T0);
    store.createGroup("beta", T0);
    assertThat(store.addToGroup("vip", "p2")).isTrue();
    assertThat(store.addToGroup("vip", "p2")).isFalse();
    store.addToGroup("vip", "p1");
    store.addToGroup("vip", "p3");
    store.addToGroup("beta", "p1");
    assertThat(store.countGroup("vip")).isEqualTo(3);
    assertThat(store.groupMembers("vip", null, 2)).containsExactly("p1", "p2");
    assertThat(store.groupMembers("vip", "p2", 2)).containsExactly("p3");
    assertThat(store.groupsOf("p1")).containsExactly("beta", "vip");
    assertThat(store.inGroup("vip", "p1")).isTrue();
    assertThat(store.removeFromGroup("vip", "p1")).isTrue();
    assertThat(store.removeFromGroup("vip", "p1")).isFalse();
    assertThat(store.inGroup("vip", "p1")).isFalse();
  }

  @Test
  @DisplayName("rename keeps members; delete and forget remove them")
  void renameDeleteForget() {
    store.createGroup("vip", T0);
    store.addToGroup("vip", "p1");
    store.addToGroup("vip", "p2");
    store.renameGroup("vip", "gold");
    assertThat(store.findGroup("vip")).isEmpty();
    assertThat(store.findGroup("gold")).contains(T0);
    assertThat(store.groupsOf("p1")).containsExactly("gold");
    store.forgetProfileInGroups("p1");
    assertThat(store.countGroup("gold")).isEqualTo(1);
    store.deleteGroup("gold");
    assertThat(store.groupNames()).isEmpty();
    assertThat(store.groupsOf("p2")).isEmpty();
  }
}
