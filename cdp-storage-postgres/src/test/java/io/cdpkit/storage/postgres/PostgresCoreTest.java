package io.cdpkit.storage.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdpkit.core.event.Event;
import io.cdpkit.core.event.EventTypeCount;
import io.cdpkit.core.identity.Identifier;
import io.cdpkit.core.identity.ProfileIdentifier;
import io.cdpkit.core.profile.ObjectValue;
import io.cdpkit.core.spi.StorageSession;
import io.cdpkit.core.spi.StoredIdentifier;
import io.cdpkit.core.spi.StoredProfile;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What the contracts cannot see: data outlives the store, and stores share one database. */
final class PostgresCoreTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00.123456789Z");

  @Test
  @DisplayName("rows survive closing the store and opening another on the same database")
  void survivesReopen() {
    String url = TestPostgres.freshDatabaseUrl();
    StoredProfile profile =
        new StoredProfile(
            "p1",
            ObjectValue.of(Map.of("n", new BigDecimal("12345678901234567890.000000000000000001"))),
            List.of(),
            T0,
            T0,
            Set.of("old"));
    Event event = event("e1", "p1", "view");
    StoredIdentifier identifier =
        new StoredIdentifier(
            new ProfileIdentifier(Identifier.email("a@b.c"), T0, T0, true, true), "p1", "p1");
    try (PostgresStorage first = open(url)) {
      first.write(
          s -> {
            s.profiles().insert(profile);
            s.profiles().addAlias("old", "p1");
            s.events().insert(event, "p1");
            s.identifiers().put(identifier);
            return null;
          });
    }
    try (PostgresStorage second = open(url)) {
      second.read(
          (StorageSession s) -> {
            assertThat(s.profiles().find("p1")).contains(profile);
            assertThat(s.profiles().resolveAlias("old")).contains("p1");
            assertThat(s.events().find("e1")).contains(event);
            assertThat(s.identifiers().find(Identifier.email("a@b.c"))).contains(identifier);
            return null;
          });
    }
  }

  @Test
  @DisplayName("event counts stay exact when stores on different connections insert and delete")
  void countsAcrossConnections() {
    String url = TestPostgres.freshDatabaseUrl();
    try (PostgresStorage one = open(url);
        PostgresStorage two = open(url)) {
      one.write(s -> s.events().insert(event("e1", "p1", "view"), "p1"));
      two.write(s -> s.events().insert(event("e2", "p2", "view"), "p2"));
      two.write(s -> s.events().insert(event("e3", "p2", "buy"), "p2"));
      assertThat(one.read((StorageSession s) -> s.events().typeCounts()))
          .containsExactly(new EventTypeCount("view", 2), new EventTypeCount("buy", 1));
      two.write(s -> s.events().deleteOfProfile("p1"));
      one.write(s -> s.events().deleteOfProfile("p2"));
      assertThat(two.read((StorageSession s) -> s.events().typeCounts())).isEmpty();
      assertThat(two.read((StorageSession s) -> s.events().count())).isZero();
    }
  }

  private static PostgresStorage open(String url) {
    return PostgresStorage.open(url, PostgresOptions.defaults().withPoolSize(2));
  }

  private static Event event(String id, String profileId, String type) {
    return new Event(id, profileId, type, T0, T0, "test", ObjectValue.of(Map.of("n", 1)),
        List.of(Identifier.email("a@b.c")));
  }
}
