package io.cdpkit.core.spi.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdpkit.core.spi.DocumentStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link DocumentStore}. A store passes it by extending this class and
 * implementing {@link #createStore()}; every test gets a fresh, empty store.
 */
public abstract class DocumentStoreContract {
  protected static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration HOUR = Duration.ofHours(1);

  protected DocumentStore store;

  /** A new, empty store. */
  protected abstract DocumentStore createStore();

  @BeforeEach
  void openStore() {
    store = createStore();
  }

  @Nested
  class Documents {
    @Test
    @DisplayName("a name never saved has no document")
    void missing() {
      assertThat(store.find("predictions.fit")).isEmpty();
    }

    @Test
    @DisplayName("a saved document is found by its name, unchanged")
    void roundTrip() {
      String json = "{\"r\":0.243,\"notes\":[\"ünïcode ✓\"],\"nested\":{\"a\":[1,2,3]}}";
      store.put("predictions.fit", json);

      assertThat(store.find("predictions.fit")).contains(json);
      assertThat(store.find("other")).isEmpty();
    }

    @Test
    @DisplayName("saving again under a name replaces the document")
    void replace() {
      store.put("predictions.fit", "{\"v\":1}");
      store.put("predictions.fit", "{\"v\":2}");

      assertThat(store.find("predictions.fit")).contains("{\"v\":2}");
    }
  }

  @Nested
  class Claims {
    @Test
    @DisplayName("a free name is claimed; another owner is refused while the lease runs")
    void exclusive() {
      assertThat(store.claim("refit", "a", T0, HOUR)).isTrue();

      assertThat(store.claim("refit", "b", T0.plusSeconds(1), HOUR)).isFalse();
      assertThat(store.claim("refit", "b", T0.plus(HOUR).minusNanos(1_000), HOUR)).isFalse();
      assertThat(store.claim("other", "b", T0, HOUR)).isTrue();
    }

    @Test
    @DisplayName("the holder claims again, renewing its lease")
    void renew() {
      assertThat(store.claim("refit", "a", T0, HOUR)).isTrue();
      assertThat(store.claim("refit", "a", T0.plus(Duration.ofMinutes(50)), HOUR)).isTrue();

      assertThat(store.claim("refit", "b", T0.plus(Duration.ofMinutes(70)), HOUR)).isFalse();
    }

    @Test
    @DisplayName("a claim whose lease ended goes to the next owner")
    void lapse() {
      assertThat(store.claim("refit", "a", T0, HOUR)).isTrue();

      assertThat(store.claim("refit", "b", T0.plus(HOUR), HOUR)).isTrue();
      assertThat(store.claim("refit", "a", T0.plus(HOUR).plusSeconds(1), HOUR)).isFalse();
    }

    @Test
    @DisplayName("a released claim is free at once; another owner's release changes nothing")
    void release() {
      assertThat(store.claim("refit", "a", T0, HOUR)).isTrue();
      store.release("refit", "b");
      assertThat(store.claim("refit", "b", T0, HOUR)).isFalse();

      store.release("refit", "a");

      assertThat(store.claim("refit", "b", T0, HOUR)).isTrue();
      store.release("never-claimed", "a");
    }

    @Test
    @DisplayName("claims and documents do not share names")
    void separate() {
      store.put("refit", "{}");

      assertThat(store.claim("refit", "a", T0, HOUR)).isTrue();
      assertThat(store.find("refit")).contains("{}");
    }

    @Test
    @DisplayName("a lease that is not positive is refused")
    void positiveLease() {
      assertThatThrownBy(() -> store.claim("refit", "a", T0, Duration.ZERO))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lease");
    }

    @Test
    @DisplayName("of several owners claiming a free name at once, exactly one gets it")
    void race() throws Exception {
      int owners = 4;
      ExecutorService pool = Executors.newFixedThreadPool(owners);
      try {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> claims = new ArrayList<>();
        for (int i = 0; i < owners; i++) {
          String owner = "owner-" + i;
          Callable<Boolean> claim = () -> {
            start.await();
            return store.claim("refit", owner, T0, HOUR);
          };
          claims.add(pool.submit(claim));
        }
        start.countDown();
        int won = 0;
        for (Future<Boolean> claim : claims) {
          won += claim.get(30, TimeUnit.SECONDS) ? 1 : 0;
        }
        assertThat(won).isEqualTo(1);
      } finally {
        pool.shutdownNow();
      }
    }
  }
}
