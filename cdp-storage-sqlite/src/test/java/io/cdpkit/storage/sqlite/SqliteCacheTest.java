package io.cdpkit.storage.sqlite;

import static io.cdpkit.storage.sqlite.SqliteFixtures.identifier;
import static io.cdpkit.storage.sqlite.SqliteFixtures.profile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdpkit.core.Cdp;
import io.cdpkit.core.Identify;
import io.cdpkit.core.InvalidInputException;
import io.cdpkit.core.identity.Identifier;
import io.cdpkit.core.profile.AttributeValue;
import io.cdpkit.core.profile.NumberValue;
import io.cdpkit.core.profile.ObjectValue;
import io.cdpkit.core.spi.StorageSession;
import io.cdpkit.core.spi.StoredIdentifier;
import io.cdpkit.core.spi.StoredProfile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

final class SqliteCacheTest {
  private static final Identifier ANN = Identifier.email("ann@example.com");

  @RegisterExtension final LeakCheck leaks = new LeakCheck();
  @TempDir Path dir;

  private SqliteStorage open() {
    return leaks.track(SqliteStorage.open(dir.resolve("cache.db")));
  }

  private static Optional<StoredProfile> find(SqliteStorage store, String id) {
    return store.read((StorageSession s) -> s.profiles().find(id));
  }

  private static Optional<StoredIdentifier> find(SqliteStorage store, Identifier identifier) {
    return store.read((StorageSession s) -> s.identifiers().find(identifier));
  }

  @Test
  void read_cachesProfilesAndIdentifiers() {
    SqliteStorage store = open();
    store.write(
        s -> {
          s.profiles().insert(profile("p1", Map.of("v", 1)));
          s.identifiers().put(identifier(ANN, "p1"));
          return null;
        });
    assertThat(store.cachedEntries()).isZero();
    find(store, "p1");
    find(store, ANN);
    store.read((StorageSession s) -> s.identifiers().ofProfile("p1"));
    assertThat(store.cachedEntries()).isEqualTo(3);
  }

  @Test
  void rolledBackWrite_leavesNoStaleEntry() {
    SqliteStorage store = open();
    store.write(
        s -> {
          s.profiles().insert(profile("p1", Map.of("v", 1)));
          s.identifiers().put(identifier(ANN, "p1"));
          return null;
        });
    find(store, "p1");
    find(store, ANN);

    assertThatThrownBy(
            () ->
                store.write(
                    s -> {
                      s.profiles().update(profile("p1", Map.of("v", 2)));
                      s.identifiers().put(identifier(ANN, "p2"));
                      s.profiles().insert(profile("p2", Map.of()));
                      // read back inside the transaction: the new values, never cached
                      assertThat(s.profiles().find("p1").orElseThrow().attributes())
                          .isEqualTo(ObjectValue.of(Map.of("v", 2)));
                      assertThat(s.identifiers().find(ANN).orElseThrow().profileId())
                          .isEqualTo("p2");
                      assertThat(s.identifiers().ofProfile("p2")).hasSize(1);
                      throw new IllegalStateException("boom");
                    }))
        .hasMessage("boom");

    assertThat(find(store, "p1").orElseThrow().attributes())
        .isEqualTo(ObjectValue.of(Map.of("v", 1)));
    assertThat(find(store, ANN).orElseThrow().profileId()).isEqualTo("p1");
    assertThat(find(store, "p2")).isEmpty();
    assertThat(store.read((StorageSession s) -> s.identifiers().ofProfile("p2"))).isEmpty();
    assertThat(store.read((StorageSession s) -> s.identifiers().ofProfile("p1"))).hasSize(1);
  }

  @Test
  void rolledBackIdentify_keepsTheCachedProfileAsCommitted() {
    SqliteStorage store = open();
    try (Cdp cdp = Cdp.builder().storage(store).build()) {
      cdp.identify(Identify.builder().identifier(ANN).set("visits", "many").build());
      cdp.findProfile(ANN);
      assertThatThrownBy(
              () ->
                  cdp.identify(
                      Identify.builder()
                          .identifier(ANN)
                          .set("name", "Ann")
                          .increment("visits", 1)
                          .build()))
          .isInstanceOf(InvalidInputException.class);
      assertThat(cdp.findProfile(ANN).orElseThrow().attribute("name")).isEmpty();
    }
  }

  @Test
  void committedWrite_isSeenByTheNextRead() {
    SqliteStorage store = open();
    store.write(
        s -> {
          s.profiles().insert(profile("p1", Map.of("v", 1)));
          return null;
        });
    find(store, "p1");
    store.write(
        s -> {
          s.profiles().update(profile("p1", Map.of("v", 2)));
          return null;
        });
    assertThat(find(store, "p1").orElseThrow().attributes())
        .isEqualTo(ObjectValue.of(Map.of("v", 2)));
    store.write(
        s -> {
          s.profiles().delete("p1");
          return null;
        });
    assertThat(find(store, "p1")).isEmpty();
  }

  @Test
  void readerWithAnOlderSnapshot_neitherSeesNorCachesNewerData() throws Exception {
    SqliteStorage store = open();
    store.write(
        s -> {
          s.profiles().insert(profile("p1", Map.of("v", 1)));
          return null;
        });
    CountDownLatch snapshotTaken = new CountDownLatch(1);
    CountDownLatch committed = new CountDownLatch(1);
    CompletableFuture<StoredProfile> oldReader =
        CompletableFuture.supplyAsync(
            () ->
                store.read(
                    s -> {
                      s.profiles().count();
                      snapshotTaken.countDown();
                      await(committed);
                      return s.profiles().find("p1").orElseThrow();
                    }));
    assertThat(snapshotTaken.await(10, TimeUnit.SECONDS)).isTrue();
    store.write(
        s -> {
          s.profiles().update(profile("p1", Map.of("v", 2)));
          return null;
        });
    find(store, "p1"); // a new reader caches the new value
    committed.countDown();

    assertThat(oldReader.get(10, TimeUnit.SECONDS).attributes())
        .as("the old snapshot's value, not the cached newer one")
        .isEqualTo(ObjectValue.of(Map.of("v", 1)));
    assertThat(find(store, "p1").orElseThrow().attributes())
        .as("the old reader did not put its value back into the cache")
        .isEqualTo(ObjectValue.of(Map.of("v", 2)));
  }

  @Test
  void concurrentReaders_seeCachedProfilesConsistentWithTheirSnapshot() throws Exception {
    SqliteStorage store = open();
    store.write(
        s -> {
          s.profiles().insert(profile("p1", Map.of("n", 0)));
          return null;
        });
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicInteger reads = new AtomicInteger();
    List<CompletableFuture<Void>> readers = new ArrayList<>();
    for (int r = 0; r < 3; r++) {
      readers.add(
          CompletableFuture.runAsync(
              () -> {
                while (writing.get()) {
                  store.read(
                      s -> {
                        long events = s.events().countOfProfile("p1");
                        AttributeValue n = s.profiles().find("p1").orElseThrow().attributes()
                            .get("n").orElseThrow();
                        assertThat(n).as("profile n vs events in one snapshot")
                            .isEqualTo(NumberValue.of(events));
                        return null;
                      });
                  reads.incrementAndGet();
                }
              }));
    }
    for (int i = 1; i <= 200; i++) {
      int n = i;
      store.write(
          s -> {
            s.events().insert(SqliteFixtures.event("e" + n, "p1"), "p1");
            s.profiles().update(profile("p1", Map.of("n", n)));
            return null;
          });
    }
    writing.set(false);
    for (CompletableFuture<Void> reader : readers) {
      reader.get(30, TimeUnit.SECONDS);
    }
    assertThat(reads.get()).isPositive();
    assertThat(find(store, "p1").orElseThrow().attributes().get("n")).contains(NumberValue.of(200));
  }

  @Test
  void cache_isBoundedBySize() {
    SqliteStorage store =
        leaks.track(
            SqliteStorage.open(
                dir.resolve("bounded.db"), SqliteOptions.builder().profileCacheSize(10).build()));
    store.write(
        s -> {
          for (int i = 0; i < 100; i++) {
            s.profiles().insert(profile("p" + i, Map.of("n", i)));
          }
          return null;
        });
    for (int i = 0; i < 100; i++) {
      assertThat(find(store, "p" + i).orElseThrow().attributes().get("n"))
          .contains(NumberValue.of(i));
    }
    assertThat(store.cachedEntries()).isBetween(1L, 10L);
  }

  @Test
  void disabledCaches_stillServeEveryRead() {
    SqliteStorage store =
        leaks.track(
            SqliteStorage.open(
                dir.resolve("uncached.db"),
                SqliteOptions.builder().profileCacheSize(0).identifierCacheSize(0).build()));
    store.write(
        s -> {
          s.profiles().insert(profile("p1", Map.of("v", 1)));
          s.identifiers().put(identifier(ANN, "p1"));
          return null;
        });
    assertThat(find(store, "p1")).isPresent();
    assertThat(find(store, ANN)).isPresent();
    assertThat(store.cachedEntries()).isZero();
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
