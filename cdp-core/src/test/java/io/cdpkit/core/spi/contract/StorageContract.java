package io.cdpkit.core.spi.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdpkit.core.InvalidInputException;
import io.cdpkit.core.consent.AuditEntry;
import io.cdpkit.core.consent.ConsentChange;
import io.cdpkit.core.identity.MergeRecord;
import io.cdpkit.core.identity.ProfileSnapshot;
import io.cdpkit.core.profile.Consent;
import io.cdpkit.core.profile.ConsentStatus;
import io.cdpkit.core.spi.StoredConsentChange;
import io.cdpkit.core.Page;
import io.cdpkit.core.event.Event;
import io.cdpkit.core.event.EventTypeCount;
import io.cdpkit.core.event.TimelineQuery;
import io.cdpkit.core.identity.Identifier;
import io.cdpkit.core.identity.ProfileIdentifier;
import io.cdpkit.core.profile.AttributeChange;
import io.cdpkit.core.profile.ObjectValue;
import io.cdpkit.core.profile.ProfileQuery;
import io.cdpkit.core.profile.TextValue;
import io.cdpkit.core.spi.AttributeUpdate;
import io.cdpkit.core.spi.EventStore;
import io.cdpkit.core.spi.Storage;
import io.cdpkit.core.spi.StorageSession;
import io.cdpkit.core.spi.StoredIdentifier;
import io.cdpkit.core.spi.StoredProfile;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The contract of the core storage ports. A store passes it by extending this class and
 * implementing {@link #createStorage()}; every test gets a fresh, empty store.
 */
public abstract class StorageContract {
  protected static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  protected Storage storage;

  /** A new, empty store. */
  protected abstract Storage createStorage();

  @BeforeEach
  void openStorage() {
    storage = createStorage();
  }

  @AfterEach
  void closeStorage() {
    storage.close();
  }

  protected static StoredProfile profile(String id, Instant createdAt, Map<String, ?> attributes) {
    return new StoredProfile(id, ObjectValue.of(attributes), List.of(), createdAt, createdAt, Set.of());
  }

  protected static Event event(String id, String profileId, String type, Instant at) {
    return new Event(id, profileId, type, at, at, "test", ObjectValue.of(Map.of("n", 1)), List.of());
  }

  protected static StoredIdentifier identifier(Identifier id, String owner, String origin) {
    return new StoredIdentifier(new ProfileIdentifier(id, T0, T0, true, false), owner, origin);
  }

  protected void insertProfiles(StoredProfile... profiles) {
    storage.write(
        s -> {
          for (StoredProfile p : profiles) {
            s.profiles().insert(p);
          }
          return null;
        });
  }

  protected void insertEvents(String origin, Event... events) {
    storage.write(
        s -> {
          for (Event e : events) {
            s.events().insert(e, origin);
          }
          return null;
        });
  }

  @Nested
  @DisplayName("profiles")
  class Profiles {
    @Test
    @DisplayName("an inserted profile is found by id with every field intact")
    void insertAndFind() {
      StoredProfile ann =
          new StoredProfile(
              "p1",
              ObjectValue.of(Map.of("name", "Ann", "age", 25, "tags", List.of("vip"))),
              List.of(),
              T0,
              T0.plusSeconds(5),
              Set.of("old-1"));
      insertProfiles(ann);
      assertThat(storage.read((StorageSession s) -> s.profiles().find("p1"))).contains(ann);
      assertThat(storage.read((StorageSession s) -> s.profiles().find("nobody"))).isEmpty();
    }

    @Test
    @DisplayName("inserting an existing id fails and keeps the first profile")
    void insertDuplicate() {
      insertProfiles(profile("p1", T0, Map.of("v", 1)));
      assertThatThrownBy(() -> insertProfiles(profile("p1", T0, Map.of("v", 2))))
          .isInstanceOf(RuntimeException.class);
      assertThat(storage.read((StorageSession s) -> s.profiles().find("p1")).orElseThrow().attributes())
          .isEqualTo(ObjectValue.of(Map.of("v", 1)));
    }

    @Test
    @DisplayName("update replaces the row; updating a missing profile fails")
    void update() {
      insertProfiles(profile("p1", T0, Map.of("v", 1)));
      StoredProfile changed = profile("p1", T0, Map.of("v", 2));
      storage.write(s -> { s.profiles().update(changed); return null; });
      assertThat(storage.read((StorageSession s) -> s.profiles().find("p1"))).contains(changed);
      assertThatThrownBy(
              () -> storage.write(s -> { s.profiles().update(profile("p2", T0, Map.of())); return null; }))
          .isInstanceOf(RuntimeException.class);
    }

    @Test
    @DisplayName("aliases resolve, never chain, and go with their target's deletion")
    void aliases() {
      insertProfiles(profile("a", T0, Map.of()), profile("b", T0, Map.of()));
      storage.write(
          s -> {
            s.profiles().addAlias("x", "a");
            s.profiles().addAlias("a", "b");
            return null;
          });
      assertThat(storage.read((StorageSession s) -> s.profiles().resolveAlias("x"))).contains("b");
      assertThat(storage.read((StorageSession s) -> s.profiles().resolveAlias("a"))).contains("b");
      storage.write(s -> { s.profiles().removeAlias("a"); return null; });
      assertThat(storage.read((StorageSession s) -> s.profiles().resolveAlias("a"))).isEmpty();
      storage.write(s -> { s.profiles().delete("b"); return null; });
      assertThat(storage.read((StorageSession s) -> s.profiles().resolveAlias("x"))).isEmpty();
      assertThat(storage.read((StorageSession s) -> s.profiles().find("b"))).isEmpty();
      assertThat(storage.read((StorageSession s) -> s.profiles().count())).isEqualTo(1);
    }

    @Test
    @DisplayName("pages by created_at cover every profile once, oldest first, ties by id")
    void pagesByCreatedAt() {
      List<StoredProfile> all = new ArrayList<>();
      for (int i = 0; i < 7; i++) {
        all.add(profile("p" + i, T0.plusSeconds(i / 2), Map.of()));
      }
      insertProfiles(all.toArray(StoredProfile[]::new));
      List<String> seen = new ArrayList<>();
      ProfileQuery query = ProfileQuery.firstPage(3);
      int pages = 0;
      while (true) {
        ProfileQuery current = query;
        Page<StoredProfile> page = storage.read(s -> s.profiles().list(current));
        pages++;
        page.items().forEach(p -> seen.add(p.id()));
        if (!page.hasNext()) {
          break;
        }
        query = query.after(page);
      }
      assertThat(pages).isEqualTo(3);
      assertThat(seen).containsExactly("p0", "p1", "p2", "p3", "p4", "p5", "p6");
    }

    @Test
    @DisplayName("a page of exactly the remaining profiles has no next cursor; an empty store one empty page")
    void pagingEdges() {
      assertThat(storage.read((StorageSession s) -> s.profiles().list(ProfileQuery.firstPage(5))))
          .isEqualTo(new Page<StoredProfile>(List.of(), null));
      insertProfiles(profile("a", T0, Map.of()), profile("b", T0, Map.of()));
      Page<StoredProfile> page = storage.read(s -> s.profiles().list(ProfileQuery.firstPage(2)));
      assertThat(page.items()).hasSize(2);
      assertThat(page.hasNext()).isFalse();
    }

    @Test
    @DisplayName("a cursor that no page returned is refused as invalid input")
    void badCursor() {
      ProfileQuery query = new ProfileQuery(ProfileQuery.CREATED_AT, false, 5, "not-a-cursor!");
      assertThatThrownBy(() -> storage.read(s -> s.profiles().list(query)))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("cursor");
    }

    @Test
    @DisplayName("a cursor is refused under another sort, naming both orders")
    void cursorOfAnotherSort() {
      insertProfiles(profile("a", T0, Map.of("age", 3)), profile("b", T0, Map.of("age", 2)),
          profile("c", T0, Map.of("age", 1)));
      Page<StoredProfile> byCreation = storage.read(s -> s.profiles().list(ProfileQuery.firstPage(1)));
      ProfileQuery byAge = ProfileQuery.firstPage(1).sortedBy("age", true);
      ProfileQuery mixed = new ProfileQuery("age", true, 1, byCreation.next());
      assertThatThrownBy(() -> storage.read(s -> s.profiles().list(mixed)))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("sorted by $created_at ascending, not by age descending");
      Page<StoredProfile> firstByAge = storage.read(s -> s.profiles().list(byAge));
      Page<StoredProfile> secondByAge = storage.read(s -> s.profiles().list(byAge.after(firstByAge)));
      assertThat(firstByAge.items()).extracting(StoredProfile::id).containsExactly("a");
      assertThat(secondByAge.items()).extracting(StoredProfile::id).containsExactly("b");
      ProfileQuery ascending = new ProfileQuery("age", false, 1, firstByAge.next());
      assertThatThrownBy(() -> storage.read(s -> s.profiles().list(ascending)))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("not by age ascending");
    }

    @Test
    @DisplayName("sorting by an attribute puts numbers (and texts that read as numbers), then texts, then booleans, missing last both ways")
    void sortByAttribute() {
      insertProfiles(
          profile("n10", T0, Map.of("v", 10)),
          profile("n9", T0, Map.of("v", 9.5)),
          profile("tb", T0, Map.of("v", "b")),
          profile("ta", T0, Map.of("v", "a")),
          profile("bt", T0, Map.of("v", true)),
          profile("t9.75", T0, Map.of("v", "9.75")),
          profile("t35", T0, Map.of("v", "35")),
          profile("n40", T0, Map.of("v", 40)),
          profile("t1e1", T0, Map.of("v", "1e1")),
          profile("none", T0, Map.of()));
      // A text that reads as a number sorts as that number, as "35" > 30 holds in segments; a
      // tie with an equal number ("1e1" and 10) goes by id.
      ProfileQuery ascending = new ProfileQuery("v", false, 20, null);
      assertThat(storage.read((StorageSession s) -> s.profiles().list(ascending)).items())
          .extracting(StoredProfile::id)
          .containsExactly("n9", "t9.75", "n10", "t1e1", "t35", "n40", "ta", "tb", "bt", "none");
      ProfileQuery descending = new ProfileQuery("v", true, 20, null);
      assertThat(storage.read((StorageSession s) -> s.profiles().list(descending)).items())
          .extracting(StoredProfile::id)
          .containsExactly("bt", "tb", "ta", "n40", "t35", "n10", "t1e1", "t9.75", "n9", "none");
    }

    @Test
    @DisplayName("search matches id, text attribute and identifier prefixes, ignoring case")
    void search() {
      insertProfiles(
          profile("p1", T0, Map.of("name", "Annabel")),
          profile("p2", T0, Map.of("name", "Bob")),
          profile("anne-3", T0, Map.of()),
          profile("p4", T0, Map.of("name", "Carl")));
      storage.write(
          s -> {
            s.identifiers().put(identifier(Identifier.email("ANNIE@example.com"), "p4", "p4"));
            return null;
          });
      assertThat(storage.read((StorageSession s) -> s.profiles().search("ANN", 10)))
          .extracting(StoredProfile::id)
          .containsExactly("anne-3", "p1", "p4");
      assertThat(storage.read((StorageSession s) -> s.profiles().search("ann", 2))).hasSize(2);
      assertThat(storage.read((StorageSession s) -> s.profiles().search("zzz", 10))).isEmpty();
    }

    @Test
    @DisplayName("ids order by code point, as UTF-8 bytes do, also beyond the Basic Multilingual Plane")
    void codePointOrder() {
      String privateUse = "a\uE000";
      String emoji = "a\uD83D\uDE00";
      insertProfiles(profile(emoji, T0, Map.of()), profile(privateUse, T0, Map.of()));
      assertThat(storage.read((StorageSession s) -> s.profiles().stream().map(StoredProfile::id).toList()))
          .containsExactly(privateUse, emoji);
      ProfileQuery byId = new ProfileQuery(ProfileQuery.ID, false, 10, null);
      assertThat(storage.read((StorageSession s) -> s.profiles().list(byId)).items())
          .extracting(StoredProfile::id).containsExactly(privateUse, emoji);
    }

    @Test
    @DisplayName("stream yields every profile in id order")
    void stream() {
      insertProfiles(profile("b", T0, Map.of()), profile("a", T0, Map.of()), profile("c", T0, Map.of()));
      assertThat(storage.read((StorageSession s) -> s.profiles().stream().map(StoredProfile::id).toList()))
          .containsExactly("a", "b", "c");
    }
  }

  @Nested
  @DisplayName("events")
  class Events {
    @Test
    @DisplayName("insert stores once per id; a repeat returns false and changes nothing")
    void idempotentInsert() {
      Event first = event("e1", "p1", "view", T0);
      assertThat(storage.write((StorageSession s) -> s.events().insert(first, "p1"))).isTrue();
      Event again = event("e1", "p1", "purchase", T0.plusSeconds(9));
      assertThat(storage.write((StorageSession s) -> s.events().insert(again, "p1"))).isFalse();
      assertThat(storage.read((StorageSession s) -> s.events().find("e1"))).contains(first);
      assertThat(storage.read((StorageSession s) -> s.events().count())).isEqualTo(1);
    }

    @Test
    @DisplayName("properties, identifiers and instants survive storage exactly")
    void fidelity() {
      Event rich =
          new Event(
              "e1", "p1", "purchase", Instant.parse("2026-02-03T04:05:06.123456789Z"),
              T0, "shop", ObjectValue.of(Map.of("amount", 19.95, "items", List.of(Map.of("sku", "A")))),
              List.of(Identifier.email("a@b.c")));
      insertEvents("p1", rich);
      assertThat(storage.read((StorageSession s) -> s.events().find("e1"))).contains(rich);
    }

    @Test
    @DisplayName("a timeline pages newest first, ties by id descending, across equal timestamps")
    void timelinePaging() {
      insertEvents(
          "p1",
          event("a", "p1", "view", T0),
          event("b", "p1", "view", T0.plusSeconds(1)),
          event("c", "p1", "view", T0.plusSeconds(1)),
          event("d", "p1", "buy", T0.plusSeconds(1)),
          event("e", "p1", "view", T0.plusSeconds(2)),
          event("x", "p2", "view", T0.plusSeconds(3)));
      List<String> seen = new ArrayList<>();
      TimelineQuery query = TimelineQuery.latest(2);
      while (true) {
        TimelineQuery current = query;
        Page<Event> page = storage.read(s -> s.events().timeline("p1", current));
        page.items().forEach(e -> seen.add(e.id()));
        if (!page.hasNext()) {
          break;
        }
        query = query.after(page);
      }
      assertThat(seen).containsExactly("e", "d", "c", "b", "a");
    }

    @Test
    @DisplayName("a timeline filters by types and by [from, to)")
    void timelineFilters() {
      insertEvents(
          "p1",
          event("a", "p1", "view", T0),
          event("b", "p1", "buy", T0.plusSeconds(1)),
          event("c", "p1", "view", T0.plusSeconds(2)));
      TimelineQuery views = TimelineQuery.latest(10).ofTypes("view");
      assertThat(storage.read((StorageSession s) -> s.events().timeline("p1", views)).items())
          .extracting(Event::id).containsExactly("c", "a");
      TimelineQuery window = TimelineQuery.latest(10).between(T0.plusSeconds(1), T0.plusSeconds(2));
      assertThat(storage.read((StorageSession s) -> s.events().timeline("p1", window)).items())
          .extracting(Event::id).containsExactly("b");
      assertThat(storage.read((StorageSession s) -> s.events().timeline("nobody", views)).items()).isEmpty();
    }

    @Test
    @DisplayName("ofProfile yields oldest first and countOfProfile counts")
    void ofProfile() {
      insertEvents("p1", event("b", "p1", "v", T0.plusSeconds(1)), event("a", "p1", "v", T0));
      assertThat(storage.read((StorageSession s) -> s.events().ofProfile("p1").map(Event::id).toList()))
          .containsExactly("a", "b");
      assertThat(storage.read((StorageSession s) -> s.events().countOfProfile("p1"))).isEqualTo(2);
      assertThat(storage.read((StorageSession s) -> s.events().countOfProfile("p2"))).isZero();
    }

    @Test
    @DisplayName("eventsOfType yields one type's events grouped by profile, each oldest first")
    void eventsOfType() {
      insertProfiles(profile("p1", T0, Map.of()), profile("p2", T0, Map.of()));
      insertEvents("p2", event("d", "p2", "buy", T0.plusSeconds(2)), event("c", "p2", "buy", T0));
      insertEvents("p1", event("b", "p1", "buy", T0.plusSeconds(1)), event("x", "p1", "view", T0),
          event("a", "p1", "buy", T0));
      assertThat(storage.read((StorageSession s) -> s.eventsOfType("buy").map(Event::id).toList()))
          .containsExactly("a", "b", "c", "d");
    }

    @Test
    @DisplayName("reassigning by owner moves events; by origin brings back only the origin's own")
    void reassign() {
      insertEvents("p1", event("a", "p1", "v", T0));
      insertEvents("p2", event("b", "p2", "v", T0));
      storage.write(s -> { s.events().reassignOwner("p2", "p1"); return null; });
      assertThat(storage.read((StorageSession s) -> s.events().ofProfile("p1").map(Event::id).toList()))
          .containsExactly("a", "b");
      assertThat(storage.read((StorageSession s) -> s.events().find("b")).orElseThrow().profileId()).isEqualTo("p1");
      storage.write(s -> { s.events().reassignOrigin("p2", "p2"); return null; });
      assertThat(storage.read((StorageSession s) -> s.events().ofProfile("p1").map(Event::id).toList()))
          .containsExactly("a");
      assertThat(storage.read((StorageSession s) -> s.events().ofProfile("p2").map(Event::id).toList()))
          .containsExactly("b");
    }

    @Test
    @DisplayName("deleting a profile's events removes them from every view")
    void deleteOfProfile() {
      insertEvents("p1", event("a", "p1", "v", T0), event("b", "p1", "w", T0));
      insertEvents("p2", event("c", "p2", "v", T0));
      assertThat(storage.write((StorageSession s) -> s.events().deleteOfProfile("p1"))).isEqualTo(2);
      assertThat(storage.read((StorageSession s) -> s.events().find("a"))).isEmpty();
      assertThat(storage.read((StorageSession s) -> s.events().count())).isEqualTo(1);
      assertThat(storage.read((StorageSession s) -> s.events().typeCounts()))
          .containsExactly(new EventTypeCount("v", 1));
    }

    @Test
    @DisplayName("type counts are most frequent first, then by type")
    void typeCounts() {
      insertEvents(
          "p1",
          event("1", "p1", "view", T0),
          event("2", "p1", "view", T0),
          event("3", "p1", "buy", T0),
          event("4", "p1", "ask", T0));
      assertThat(storage.read((StorageSession s) -> s.events().typeCounts()))
          .containsExactly(
              new EventTypeCount("view", 2), new EventTypeCount("ask", 1), new EventTypeCount("buy", 1));
    }
  }

  @Nested
  @DisplayName("identifiers")
  class Identifiers {
    @Test
    @DisplayName("put inserts or replaces; find and ofProfile see the current owner")
    void putAndFind() {
      Identifier email = Identifier.email("a@b.c");
      storage.write(s -> { s.identifiers().put(identifier(email, "p1", "p1")); return null; });
      storage.write(s -> { s.identifiers().put(identifier(Identifier.phone("+31 6 1234 5678"), "p1", "p1")); return null; });
      storage.write(s -> { s.identifiers().put(identifier(email, "p2", "p1")); return null; });
      assertThat(storage.read((StorageSession s) -> s.identifiers().find(email)).orElseThrow().profileId()).isEqualTo("p2");
      assertThat(storage.read((StorageSession s) -> s.identifiers().ofProfile("p1")))
          .extracting(r -> r.state().identifier())
          .containsExactly(Identifier.phone("+31612345678"));
      assertThat(storage.read((StorageSession s) -> s.identifiers().ofProfile("p2"))).hasSize(1);
    }

    @Test
    @DisplayName("identifier state (seen times, deliverable, main) survives storage")
    void state() {
      ProfileIdentifier state =
          new ProfileIdentifier(Identifier.of("whatsapp", "+31612345678"), T0, T0.plusSeconds(60), false, true);
      StoredIdentifier row = new StoredIdentifier(state, "p1", "p0");
      storage.write(s -> { s.identifiers().put(row); return null; });
      assertThat(storage.read((StorageSession s) -> s.identifiers().find(state.identifier()))).contains(row);
    }

    @Test
    @DisplayName("ofProfile orders by type then value; remove and deleteOfProfile remove")
    void orderAndRemove() {
      storage.write(
          s -> {
            s.identifiers().put(identifier(Identifier.userId("u1"), "p1", "p1"));
            s.identifiers().put(identifier(Identifier.email("b@x.y"), "p1", "p1"));
            s.identifiers().put(identifier(Identifier.email("a@x.y"), "p1", "p1"));
            return null;
          });
      assertThat(storage.read((StorageSession s) -> s.identifiers().ofProfile("p1")))
          .extracting(r -> r.state().identifier().toString())
          .containsExactly("email:a@x.y", "email:b@x.y", "user_id:u1");
      storage.write(s -> { s.identifiers().remove(Identifier.email("a@x.y")); return null; });
      assertThat(storage.read((StorageSession s) -> s.identifiers().find(Identifier.email("a@x.y")))).isEmpty();
      assertThat(storage.write((StorageSession s) -> s.identifiers().deleteOfProfile("p1"))).isEqualTo(2);
      assertThat(storage.read((StorageSession s) -> s.identifiers().ofProfile("p1"))).isEmpty();
    }

    @Test
    @DisplayName("reassign by owner moves all; by origin brings back only the origin's own")
    void reassign() {
      storage.write(
          s -> {
            s.identifiers().put(identifier(Identifier.email("a@x.y"), "p1", "p1"));
            s.identifiers().put(identifier(Identifier.email("b@x.y"), "p2", "p2"));
            s.identifiers().reassignOwner("p2", "p1");
            return null;
          });
      assertThat(storage.read((StorageSession s) -> s.identifiers().ofProfile("p1"))).hasSize(2);
      storage.write(s -> { s.identifiers().reassignOrigin("p2", "p2"); return null; });
      assertThat(storage.read((StorageSession s) -> s.identifiers().find(Identifier.email("b@x.y"))).orElseThrow().profileId())
          .isEqualTo("p2");
      assertThat(storage.read((StorageSession s) -> s.identifiers().ofProfile("p1"))).hasSize(1);
    }
  }

  @Nested
  @DisplayName("attribute history")
  class History {
    private AttributeUpdate update(String owner, String origin, Instant at, String value) {
      return new AttributeUpdate(
          owner, origin, at, 0, "test", List.of(new AttributeChange.Set("v", new TextValue(value))));
    }

    @Test
    @DisplayName("append assigns increasing sequences and ofOwner replays by time, origin, sequence")
    void replayOrder() {
      List<AttributeUpdate> stored =
          storage.write(
              s ->
                  List.of(
                      s.attributeHistory().append(update("p1", "p1", T0.plusSeconds(5), "late")),
                      s.attributeHistory().append(update("p1", "p1", T0, "early")),
                      s.attributeHistory().append(update("p1", "p0", T0, "early-other-origin"))));
      assertThat(stored.get(1).sequence()).isGreaterThan(stored.get(0).sequence());
      assertThat(stored.get(2).sequence()).isGreaterThan(stored.get(1).sequence());
      assertThat(storage.read((StorageSession s) -> s.attributeHistory().ofOwner("p1")))
          .extracting(u -> ((TextValue) ((AttributeChange.Set) u.changes().get(0)).value()).value())
          .containsExactly("early-other-origin", "early", "late");
      assertThat(storage.read((StorageSession s) -> s.attributeHistory().ofOwner("p1")).get(0).source()).isEqualTo("test");
    }

    @Test
    @DisplayName("reassign by owner and by origin, and delete, move whole updates")
    void reassignAndDelete() {
      storage.write(
          s -> {
            s.attributeHistory().append(update("p1", "p1", T0, "a"));
            s.attributeHistory().append(update("p2", "p2", T0, "b"));
            s.attributeHistory().reassignOwner("p2", "p1");
            return null;
          });
      assertThat(storage.read((StorageSession s) -> s.attributeHistory().ofOwner("p1"))).hasSize(2);
      storage.write(s -> { s.attributeHistory().reassignOrigin("p2", "p2"); return null; });
      assertThat(storage.read((StorageSession s) -> s.attributeHistory().ofOwner("p2")))
          .singleElement().satisfies(u -> assertThat(u.ownerProfileId()).isEqualTo("p2"));
      assertThat(storage.write((StorageSession s) -> s.attributeHistory().deleteOfOwner("p1"))).isEqualTo(1);
      assertThat(storage.read((StorageSession s) -> s.attributeHistory().ofOwner("p1"))).isEmpty();
    }
  }

  @Nested
  @DisplayName("identity log")
  class IdentityLogPort {
    @Test
    @DisplayName("records round-trip exactly, with sequences, and are found by survivor or other id")
    void roundTrip() {
      ProfileSnapshot absorbed =
          new ProfileSnapshot("p2", ObjectValue.of(Map.of("name", "Bo")),
              List.of(new Consent("email", "marketing", ConsentStatus.DENIED, T0, "crm", T0.plusSeconds(60))),
              T0, T0.plusSeconds(1), Set.of("p0"), List.of(Identifier.email("b@b.c")));
      MergeRecord merge =
          new MergeRecord(0, T0, MergeRecord.Kind.AUTOMATIC_MERGE, "p1", List.of("p2"),
              List.of(Identifier.email("a@b.c")), "shared identifiers", "system",
              ObjectValue.of(Map.of("name", "Bo", "n", 1.5)), List.of(absorbed));
      MergeRecord refused =
          new MergeRecord(0, T0.plusSeconds(5), MergeRecord.Kind.MERGE_REFUSED, "p3", List.of("p4", "p5"),
              List.of(), "cap", "system", ObjectValue.EMPTY, List.of());
      List<MergeRecord> stored =
          storage.write((StorageSession s) -> List.of(s.identityLog().append(merge), s.identityLog().append(refused)));
      assertThat(stored.get(1).sequence()).isGreaterThan(stored.get(0).sequence());
      assertThat(storage.read((StorageSession s) -> s.identityLog().ofProfile("p2")))
          .containsExactly(merge.withSequence(stored.get(0).sequence()));
      assertThat(storage.read((StorageSession s) -> s.identityLog().ofProfile("p1"))).hasSize(1);
      assertThat(storage.read((StorageSession s) -> s.identityLog().ofProfile("p5"))).hasSize(1);
      assertThat(storage.write((StorageSession s) -> s.identityLog().deleteOfProfile("p2"))).isEqualTo(1);
      assertThat(storage.read((StorageSession s) -> s.identityLog().ofProfile("p1"))).isEmpty();
      MergeRecord later = storage.write((StorageSession s) -> s.identityLog().append(merge));
      assertThat(later.sequence()).as("sequences never repeat after a deletion").isGreaterThan(stored.get(1).sequence());
    }
  }

  @Nested
  @DisplayName("consent history")
  class ConsentHistoryPort {
    private StoredConsentChange change(String owner, String origin, ConsentStatus status, Instant at) {
      ConsentChange decision =
          new ConsentChange(Identifier.email("a@b.c"), "email", "marketing", status, at, "crm",
              at.plusSeconds(3600), "agent");
      return new StoredConsentChange(decision, owner, origin, 0);
    }

    @Test
    @DisplayName("decisions round-trip, newest first by instant then sequence")
    void order() {
      List<StoredConsentChange> stored =
          storage.write((StorageSession s) -> List.of(
              s.consentHistory().append(change("p1", "p1", ConsentStatus.GRANTED, T0.plusSeconds(10))),
              s.consentHistory().append(change("p1", "p1", ConsentStatus.DENIED, T0)),
              s.consentHistory().append(change("p1", "p1", ConsentStatus.UNKNOWN, T0.plusSeconds(10)))));
      assertThat(storage.read((StorageSession s) -> s.consentHistory().ofOwner("p1")))
          .containsExactly(stored.get(2), stored.get(0), stored.get(1));
      assertThat(stored.get(0).change().identifier()).isEqualTo(Identifier.email("a@b.c"));
    }

    @Test
    @DisplayName("reassign by owner and by origin, and delete")
    void reassign() {
      storage.write((StorageSession s) -> {
        s.consentHistory().append(change("p1", "p1", ConsentStatus.GRANTED, T0));
        s.consentHistory().append(change("p2", "p2", ConsentStatus.DENIED, T0));
        s.consentHistory().reassignOwner("p2", "p1");
        return null;
      });
      assertThat(storage.read((StorageSession s) -> s.consentHistory().ofOwner("p1"))).hasSize(2);
      storage.write((StorageSession s) -> { s.consentHistory().reassignOrigin("p2", "p2"); return null; });
      assertThat(storage.read((StorageSession s) -> s.consentHistory().ofOwner("p2"))).hasSize(1);
      assertThat(storage.write((StorageSession s) -> s.consentHistory().deleteOfOwner("p1"))).isEqualTo(1);
      assertThat(storage.read((StorageSession s) -> s.consentHistory().ofOwner("p1"))).isEmpty();
    }
  }

  @Nested
  @DisplayName("batch operations answer as their single forms do")
  class Batches {
    @Test
    @DisplayName("insertAll stores each new id once, in order; existing names the stored ids")
    void events() {
      Event stored = event("e0", "p1", "view", T0);
      insertEvents("p1", stored);
      Event first = event("e1", "p1", "view", T0.plusSeconds(1));
      Event second = event("e2", "p2", "buy", T0.plusSeconds(2));
      int count = storage.write((StorageSession s) -> s.events().insertAll(List.of(
          new EventStore.NewEvent(event("e0", "p9", "other", T0), "p9"),
          new EventStore.NewEvent(first, "p1"),
          new EventStore.NewEvent(second, "p0"),
          new EventStore.NewEvent(event("e1", "p9", "other", T0), "p9"))));
      assertThat(count).isEqualTo(2);
      assertThat(storage.read((StorageSession s) -> s.events().existing(List.of("e0", "e1", "e2", "nope"))))
          .containsExactlyInAnyOrder("e0", "e1", "e2");
      assertThat(storage.read((StorageSession s) -> s.events().existing(List.of()))).isEmpty();
      assertThat(storage.read((StorageSession s) -> s.events().find("e0"))).contains(stored);
      assertThat(storage.read((StorageSession s) -> s.events().find("e1"))).contains(first);
      assertThat(storage.read((StorageSession s) -> s.events().find("e2"))).contains(second);
      assertThat(storage.read((StorageSession s) -> s.events().typeCounts()))
          .as("a repeated id is not counted")
          .containsExactly(new EventTypeCount("view", 2), new EventTypeCount("buy", 1));
      storage.write((StorageSession s) -> { s.events().reassignOrigin("p0", "p3"); return null; });
      assertThat(storage.read((StorageSession s) -> s.events().find("e2")).orElseThrow().profileId())
          .as("the origin given with the event is kept").isEqualTo("p3");
      storage.write((StorageSession s) -> { s.events().reassignOrigin("p1", "p4"); return null; });
      assertThat(storage.read((StorageSession s) -> s.events().ofProfile("p4").map(Event::id).toList()))
          .as("rows still owned by their origin move too").containsExactly("e0", "e1");
    }

    @Test
    @DisplayName("insertAll of many events counts each new one once, by type")
    void manyEvents() {
      insertEvents("p1", event("e-7", "p1", "t1", T0));
      List<EventStore.NewEvent> events = new ArrayList<>();
      for (int i = 0; i < 701; i++) {
        events.add(new EventStore.NewEvent(event("e-" + i, "p1", "t" + i % 3, T0.plusSeconds(i)), "p1"));
      }
      assertThat(storage.write((StorageSession s) -> s.events().insertAll(events))).isEqualTo(700);
      assertThat(storage.read((StorageSession s) -> s.events().count())).isEqualTo(701);
      assertThat(storage.read((StorageSession s) -> s.events().typeCounts())).containsExactly(
          new EventTypeCount("t0", 234), new EventTypeCount("t1", 234), new EventTypeCount("t2", 233));
    }

    @Test
    @DisplayName("findAll and ofProfiles read many identifiers; putAll writes as put does, the last row winning")
    void identifiers() {
      Identifier ann = Identifier.email("ann@x.y");
      Identifier bob = Identifier.email("bob@x.y");
      Identifier user = Identifier.userId("u1");
      Identifier unknown = Identifier.email("nobody@x.y");
      storage.write(s -> {
        s.identifiers().put(identifier(ann, "p1", "p1"));
        s.identifiers().put(identifier(user, "p1", "p1"));
        s.identifiers().put(identifier(bob, "p2", "p2"));
        return null;
      });
      Map<Identifier, StoredIdentifier> found =
          storage.read((StorageSession s) -> s.identifiers().findAll(List.of(ann, bob, unknown)));
      assertThat(found).containsOnlyKeys(ann, bob);
      assertThat(found.get(ann)).isEqualTo(identifier(ann, "p1", "p1"));
      Map<String, List<StoredIdentifier>> held =
          storage.read((StorageSession s) -> s.identifiers().ofProfiles(List.of("p1", "p2", "p3")));
      assertThat(held).containsOnlyKeys("p1", "p2", "p3");
      assertThat(held.get("p1")).extracting(r -> r.state().identifier()).containsExactly(ann, user);
      assertThat(held.get("p3")).isEmpty();

      StoredIdentifier seenLater = new StoredIdentifier(
          new ProfileIdentifier(ann, T0, T0.plusSeconds(60), false, true), "p1", "p1");
      Identifier carol = Identifier.email("carol@x.y");
      storage.write(s -> {
        s.identifiers().putAll(List.of(
            identifier(bob, "p3", "p2"),
            identifier(carol, "p2", "p2"),
            identifier(ann, "p1", "p1"),
            seenLater));
        return null;
      });
      assertThat(storage.read((StorageSession s) -> s.identifiers().find(ann))).contains(seenLater);
      assertThat(storage.read((StorageSession s) -> s.identifiers().find(bob)))
          .contains(identifier(bob, "p3", "p2"));
      assertThat(storage.read((StorageSession s) -> s.identifiers().ofProfile("p2")))
          .containsExactly(identifier(carol, "p2", "p2"));
      assertThat(storage.read((StorageSession s) -> s.identifiers().ofProfile("p3")))
          .containsExactly(identifier(bob, "p3", "p2"));
    }

    @Test
    @DisplayName("findAll reads many profiles by exact id: absent ids and aliases are left out")
    void profiles() {
      StoredProfile ann = profile("p1", T0, Map.of("name", "Ann"));
      StoredProfile bob = profile("p2", T0, Map.of());
      insertProfiles(ann, bob);
      storage.write(s -> { s.profiles().addAlias("old", "p1"); return null; });
      assertThat(storage.read((StorageSession s) -> s.profiles().findAll(List.of("p1", "p2", "old", "p9"))))
          .containsOnlyKeys("p1", "p2")
          .containsEntry("p1", ann)
          .containsEntry("p2", bob);
      assertThat(storage.read((StorageSession s) -> s.profiles().existing(List.of("p1", "p2", "old", "p9"))))
          .as("existing names the same profiles without reading them")
          .containsExactlyInAnyOrder("p1", "p2");
    }

    @Test
    @DisplayName("containedOf names the hashes on the suppression list")
    void suppression() {
      storage.write((StorageSession s) -> { s.suppressionList().add("abc"); return null; });
      assertThat(storage.read((StorageSession s) -> s.suppressionList().containedOf(List.of("abc", "abd"))))
          .containsExactly("abc");
      assertThat(storage.read((StorageSession s) -> s.suppressionList().containedOf(List.of()))).isEmpty();
    }
  }

  @Nested
  @DisplayName("audit log and suppression list")
  class AuditAndSuppression {
    @Test
    @DisplayName("audit entries append with sequences and are listed per profile, oldest first")
    void audit() {
      AuditEntry first = new AuditEntry(0, T0, "agent", AuditEntry.Action.EXPORTED, "p1", "exported");
      AuditEntry second = new AuditEntry(0, T0.plusSeconds(1), "agent", AuditEntry.Action.ERASED, "p1", "erased");
      storage.write((StorageSession s) -> {
        s.auditLog().append(first);
        s.auditLog().append(new AuditEntry(0, T0, "x", AuditEntry.Action.MERGED, "p2", "m"));
        s.auditLog().append(second);
        return null;
      });
      List<AuditEntry> entries = storage.read((StorageSession s) -> s.auditLog().ofProfile("p1"));
      assertThat(entries).extracting(AuditEntry::action)
          .containsExactly(AuditEntry.Action.EXPORTED, AuditEntry.Action.ERASED);
      assertThat(entries.get(0).sequence()).isLessThan(entries.get(1).sequence());
      assertThat(entries.get(1)).isEqualTo(second.withSequence(entries.get(1).sequence()));
    }

    @Test
    @DisplayName("a suppressed hash is found; adding it twice is harmless")
    void suppression() {
      storage.write((StorageSession s) -> {
        s.suppressionList().add("abc");
        s.suppressionList().add("abc");
        return null;
      });
      assertThat(storage.read((StorageSession s) -> s.suppressionList().contains("abc"))).isTrue();
      assertThat(storage.read((StorageSession s) -> s.suppressionList().contains("abd"))).isFalse();
    }
  }

  @Nested
  @DisplayName("privacy edits")
  class PrivacyEdits {
    @Test
    @DisplayName("removing named properties from a profile's events keeps the rest and other profiles")
    void removeProperties() {
      Event personal = new Event("e1", "p1", "purchase", T0, T0, "web",
          ObjectValue.of(Map.of("card", "4111-secret", "email", "a@b.c", "amount", 30)), List.of());
      Event plain = new Event("e2", "p1", "view", T0, T0, "web", ObjectValue.of(Map.of("path", "/")), List.of());
      Event other = new Event("e3", "p2", "purchase", T0, T0, "web", ObjectValue.of(Map.of("card", "9999")), List.of());
      insertEvents("p1", personal, plain);
      insertEvents("p2", other);
      assertThat(storage.write((StorageSession s) -> s.events().removePropertiesOfProfile("p1", Set.of("card", "email"))))
          .isEqualTo(1);
      assertThat(storage.read((StorageSession s) -> s.events().find("e1")).orElseThrow().properties())
          .isEqualTo(ObjectValue.of(Map.of("amount", 30)));
      assertThat(storage.read((StorageSession s) -> s.events().find("e2")).orElseThrow().properties())
          .isEqualTo(plain.properties());
      assertThat(storage.read((StorageSession s) -> s.events().find("e3")).orElseThrow().properties())
          .isEqualTo(other.properties());
    }

    @Test
    @DisplayName("clearing a profile's event identifiers keeps the events and their properties")
    void clearIdentifiers() {
      Event carrying =
          new Event("e1", "p1", "view", T0, T0, "web", ObjectValue.of(Map.of("k", 1)),
              List.of(Identifier.email("a@b.c")));
      insertEvents("p1", carrying, event("e2", "p2", "view", T0));
      storage.write((StorageSession s) -> { s.identifiers().put(new StoredIdentifier(
          new ProfileIdentifier(Identifier.email("x@y.z"), T0, T0, false, false, "hard bounce"), "p1", "p1")); return null; });
      assertThat(storage.write((StorageSession s) -> s.events().clearIdentifiersOfProfile("p1"))).isEqualTo(1);
      Event cleared = storage.read((StorageSession s) -> s.events().find("e1")).orElseThrow();
      assertThat(cleared.identifiers()).isEmpty();
      assertThat(cleared.properties()).isEqualTo(carrying.properties());
      assertThat(storage.read((StorageSession s) -> s.events().count())).isEqualTo(2);
      assertThat(storage.read((StorageSession s) -> s.identifiers().find(Identifier.email("x@y.z"))).orElseThrow()
          .state().undeliverableReason()).isEqualTo("hard bounce");
    }
  }

  @Nested
  @DisplayName("transactions")
  class Transactions {
    @Test
    @DisplayName("a write that throws keeps nothing it did, in any port")
    void rollback() {
      insertProfiles(profile("keep", T0, Map.of("v", 1)));
      assertThatThrownBy(
              () ->
                  storage.write(
                      s -> {
                        s.profiles().insert(profile("p1", T0, Map.of()));
                        s.profiles().update(profile("keep", T0, Map.of("v", 2)));
                        s.profiles().addAlias("old", "keep");
                        s.events().insert(event("e1", "p1", "v", T0), "p1");
                        s.identifiers().put(identifier(Identifier.email("a@b.c"), "p1", "p1"));
                        s.attributeHistory().append(
                            new AttributeUpdate("p1", "p1", T0, 0, "t", List.of(new AttributeChange.Unset("x"))));
                        throw new IllegalStateException("boom");
                      }))
          .hasMessage("boom");
      storage.read(
          s -> {
            assertThat(s.profiles().count()).isEqualTo(1);
            assertThat(s.profiles().find("keep").orElseThrow().attributes())
                .isEqualTo(ObjectValue.of(Map.of("v", 1)));
            assertThat(s.profiles().resolveAlias("old")).isEmpty();
            assertThat(s.events().count()).isZero();
            assertThat(s.events().typeCounts()).isEmpty();
            assertThat(s.identifiers().find(Identifier.email("a@b.c"))).isEmpty();
            assertThat(s.attributeHistory().ofOwner("p1")).isEmpty();
            return null;
          });
    }

    @Test
    @DisplayName("a read session refuses writes")
    void readOnly() {
      assertThatThrownBy(() -> storage.read(s -> { s.profiles().insert(profile("p", T0, Map.of())); return null; }))
          .isInstanceOf(RuntimeException.class);
      assertThat(storage.read((StorageSession s) -> s.profiles().count())).isZero();
    }

    @Test
    @DisplayName("concurrent writers lose no event")
    void concurrentWriters() throws Exception {
      int threads = 4;
      int perThread = 250;
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          int thread = t;
          futures.add(
              pool.submit(
                  () -> {
                    for (int i = 0; i < perThread; i++) {
                      Event e = event("t" + thread + "-" + i, "p" + (i % 7), "v", T0.plusMillis(i));
                      storage.write(s -> s.events().insert(e, e.profileId()));
                    }
                  }));
        }
        for (Future<?> future : futures) {
          future.get(60, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
      }
      assertThat(storage.read((StorageSession s) -> s.events().count())).isEqualTo((long) threads * perThread);
    }
  }
}
