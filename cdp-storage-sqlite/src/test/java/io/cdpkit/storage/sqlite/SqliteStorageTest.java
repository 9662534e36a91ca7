package io.cdpkit.storage.sqlite;

import static io.cdpkit.storage.sqlite.SqliteFixtures.T0;
import static io.cdpkit.storage.sqlite.SqliteFixtures.profile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdpkit.core.event.Event;
import io.cdpkit.core.profile.ObjectValue;
import io.cdpkit.core.profile.ProfileQuery;
import io.cdpkit.core.spi.StorageSession;
import io.cdpkit.core.spi.StoredProfile;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

final class SqliteStorageTest {
  @RegisterExtension final LeakCheck leaks = new LeakCheck();
  @TempDir Path dir;

  private SqliteStorage open() {
    return leaks.track(SqliteStorage.open(dir.resolve("store.db")));
  }

  private static void insertEvents(SqliteStorage store, String profileId, int count) {
    store.write(
        s -> {
          for (int i = 0; i < count; i++) {
            Event e = SqliteFixtures.event(String.format("e%05d", i), profileId);
            s.events()
                .insert(
                    new Event(
                        e.id(),
                        profileId,
                        e.type(),
                        T0.plusSeconds(i),
                        T0,
                        e.source(),
                        e.properties(),
                        e.identifiers()),
                    profileId);
          }
          return null;
        });
  }

  @Test
  void nestedWrite_joinsTheOuterTransaction() {
    SqliteStorage store = open();
    assertThatThrownBy(
            () ->
                store.write(
                    s -> {
                      s.profiles().insert(profile("outer", Map.of()));
                      store.write(
                          inner -> {
                            inner.profiles().insert(profile("inner", Map.of()));
                            return null;
                          });
                      assertThat(s.profiles().find("inner")).isPresent();
                      throw new IllegalStateException("boom");
                    }))
        .hasMessage("boom");
    assertThat(store.read((StorageSession s) -> s.profiles().count())).isZero();
  }

  @Test
  void readInsideWrite_seesTheWritesOwnChangesAndRefusesWrites() {
    SqliteStorage store = open();
    store.write(
        s -> {
          s.profiles().insert(profile("p1", Map.of()));
          assertThat(store.read((StorageSession r) -> r.profiles().find("p1"))).isPresent();
          assertThatThrownBy(
                  () ->
                      store.read(
                          r -> {
                            r.profiles().delete("p1");
                            return null;
                          }))
              .isInstanceOf(IllegalStateException.class)
              .hasMessageContaining("read-only session");
          return null;
        });
    assertThat(store.read((StorageSession s) -> s.profiles().count())).isEqualTo(1);
  }

  @Test
  void readSession_refusesEveryWrite() {
    SqliteStorage store = open();
    assertThatThrownBy(
            () -> store.read(s -> s.events().insert(SqliteFixtures.event("e", "p"), "p")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("use Storage.write");
    assertThatThrownBy(() -> store.read(s -> s.events().deleteOfProfile("p")))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(
            () ->
                store.read(
                    s -> {
                      s.identifiers().reassignOwner("a", "b");
                      return null;
                    }))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void session_usedAfterItsCallback_throws() {
    SqliteStorage store = open();
    StorageSession escaped = store.read(s -> s);
    assertThatThrownBy(() -> escaped.profiles().count())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("ended");
  }

  @Test
  void reader_neverWaitsForAWriteAndKeepsItsSnapshot() throws Exception {
    SqliteStorage store = open();
    store.write(
        s -> {
          s.profiles().insert(profile("p1", Map.of()));
          return null;
        });
    CountDownLatch writing = new CountDownLatch(1);
    CountDownLatch readDone = new CountDownLatch(1);
    CompletableFuture<Void> writer =
        CompletableFuture.runAsync(
            () ->
                store.write(
                    s -> {
                      s.profiles().insert(profile("p2", Map.of()));
                      writing.countDown();
                      await(readDone);
                      return null;
                    }));
    assertThat(writing.await(10, TimeUnit.SECONDS)).isTrue();
    // The write transaction is open and holds the write lock; a read must not wait for it.
    assertThat(store.read((StorageSession s) -> s.profiles().count())).isEqualTo(1);
    readDone.countDown();
    writer.get(10, TimeUnit.SECONDS);
    assertThat(store.read((StorageSession s) -> s.profiles().count())).isEqualTo(2);
  }

  @Test
  void stream_readsLazilyOnAnOpenCursor() {
    SqliteStorage store = open();
    insertEvents(store, "p1", 5_000);
    List<String> firstThree =
        store.read(
            s -> {
              Iterator<Event> events = s.events().ofProfile("p1").iterator();
              events.next();
              assertThat(store.openResources()).as("cursor open while streaming").isEqualTo(2);
              return List.of("e00000", events.next().id(), events.next().id());
            });
    assertThat(firstThree).containsExactly("e00000", "e00001", "e00002");
    assertThat(store.openResources()).isZero();
    assertThat(store.read((StorageSession s) -> s.events().ofProfile("p1").count()))
        .isEqualTo(5_000);
  }

  @Test
  void stream_leftOpenByTheCallback_isClosedWhenItReturns() {
    SqliteStorage store = open();
    insertEvents(store, "p1", 10);
    Stream<Event> escaped = store.read(s -> s.events().ofProfile("p1"));
    assertThat(store.openResources()).isZero();
    assertThatThrownBy(escaped::count).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void stream_closedEarlyByTheCaller_releasesItsStatement() {
    SqliteStorage store = open();
    insertEvents(store, "p1", 10);
    store.read(
        s -> {
          try (Stream<StoredProfile> profiles = s.profiles().stream();
              Stream<Event> events = s.events().ofProfile("p1")) {
            assertThat(events.limit(2).count()).isEqualTo(2);
            assertThat(profiles.count()).isZero();
          }
          assertThat(store.openResources()).isZero();
          return null;
        });
  }

  @Test
  void sortByAttribute_ordersDecimalsExactlyAndNamesThatNeedQuoting() {
    SqliteStorage store = open();
    String name = "a.b\"c[0]";
    store.write(
        s -> {
          s.profiles()
              .insert(profile("big", Map.of(name, new BigDecimal("0.10000000000000000002"))));
          s.profiles()
              .insert(profile("small", Map.of(name, new BigDecimal("0.10000000000000000001"))));
          s.profiles().insert(profile("neg", Map.of(name, new BigDecimal("-1E+30"))));
          s.profiles().insert(profile("negsmall", Map.of(name, new BigDecimal("-0.5"))));
          s.profiles().insert(profile("zero", Map.of(name, 0)));
          s.profiles().insert(profile("huge", Map.of(name, new BigDecimal("1E+400"))));
          s.profiles().insert(profile("list", Map.of(name, List.of(1))));
          s.profiles().insert(profile("object", Map.of(name, Map.of("x", 1))));
          s.profiles().insert(profile("null", Map.of(name, List.of())));
          return null;
        });
    List<String> ascending =
        store
            .read((StorageSession s) -> s.profiles().list(new ProfileQuery(name, false, 20, null)))
            .items()
            .stream()
            .map(StoredProfile::id)
            .toList();
    assertThat(ascending)
        .containsExactly(
            "neg", "negsmall", "zero", "small", "big", "huge", "list", "null", "object");
  }

  @Test
  void closedStore_refusesCallsAndClosesTwiceQuietly() {
    SqliteStorage store = open();
    store.close();
    store.close();
    assertThatThrownBy(() -> store.read(s -> s.profiles().count()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    assertThatThrownBy(() -> store.write(s -> s.profiles().count()))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void fileAndToString_nameTheDatabase() {
    SqliteStorage store = open();
    assertThat(store.file()).contains(dir.resolve("store.db"));
    assertThat(store.toString()).contains("store.db");
    SqliteStorage memory = leaks.track(SqliteStorage.inMemory());
    assertThat(memory.file()).isEmpty();
    assertThat(memory.toString()).contains("in-memory");
  }

  @Test
  void attributesRoundTrip_withUnicodeAndDeepValues() {
    SqliteStorage store = open();
    StoredProfile rich =
        profile(
            "p\uD83D\uDE00",
            Map.of("name", "Zoë \uD83D\uDE00", "nested", Map.of("a", List.of(1.5, "x", true))));
    store.write(
        s -> {
          s.profiles().insert(rich);
          return null;
        });
    assertThat(store.read((StorageSession s) -> s.profiles().find("p\uD83D\uDE00"))).contains(rich);
    assertThat(rich.attributes()).isNotEqualTo(ObjectValue.EMPTY);
  }

  private static void await(CountDownLatch latch) {
    try {
      assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
