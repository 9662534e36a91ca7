package io.cdpkit.storage.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdpkit.core.consent.AuditEntry;
import io.cdpkit.core.consent.ConsentChange;
import io.cdpkit.core.identity.Identifier;
import io.cdpkit.core.profile.ConsentStatus;
import io.cdpkit.core.spi.StoredConsentChange;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The privacy ports on their own, below a Cdp: what the contract cannot see, such as exact
 * round trips, sequences, corrupt rows and read-only sessions.
 */
final class PostgresPrivacyPortsTest {
  private static final Instant T0 = Instant.parse("2026-06-15T12:00:00.123456789Z");

  private final String url = TestPostgres.freshDatabaseUrl();
  private final PostgresStorage storage =
      PostgresStorage.open(url, PostgresOptions.defaults().withPoolSize(2));

  @AfterEach
  void close() {
    storage.close();
  }

  private static ConsentChange decision(ConsentStatus status, Instant at) {
    return ConsentChange.of("email", status, at, "crm");
  }

  private StoredConsentChange append(String owner, String origin, ConsentChange change) {
    return storage.write(
        s -> s.consentHistory().append(new StoredConsentChange(change, owner, origin, 0)));
  }

  private List<StoredConsentChange> history(String owner) {
    return storage.read(s -> s.consentHistory().ofOwner(owner));
  }

  private List<AuditEntry> audit(String profileId) {
    return storage.read(s -> s.auditLog().ofProfile(profileId));
  }

  private boolean suppressed(String hash) {
    return storage.read(s -> s.suppressionList().contains(hash));
  }

  @Test
  @DisplayName("every field of a consent decision round-trips, to the nanosecond and with nulls")
  void consentRoundTrip() {
    ConsentChange full =
        new ConsentChange(
            Identifier.email("ann@example.com"),
            "sms",
            "service",
            ConsentStatus.GRANTED,
            T0,
            "web",
            T0.plusSeconds(86_400).plusNanos(1),
            "agent-7");
    ConsentChange bare = decision(ConsentStatus.UNKNOWN, T0.minusSeconds(1));
    StoredConsentChange first = append("p-1", "p-2", full);
    StoredConsentChange second = append("p-1", "p-1", bare);

    assertThat(second.sequence()).isGreaterThan(first.sequence());
    assertThat(history("p-1"))
        .containsExactly(first, second);
  }

  @Test
  @DisplayName("history is newest first by instant, then by sequence among equal instants")
  void consentOrder() {
    StoredConsentChange older = append("p-1", "p-1", decision(ConsentStatus.DENIED, T0));
    StoredConsentChange tieA = append("p-1", "p-1", decision(ConsentStatus.GRANTED, T0.plusNanos(1)));
    StoredConsentChange tieB = append("p-1", "p-1", decision(ConsentStatus.DENIED, T0.plusNanos(1)));
    append("p-2", "p-2", decision(ConsentStatus.DENIED, T0.plusSeconds(5)));

    assertThat(history("p-1"))
        .extracting(StoredConsentChange::sequence)
        .containsExactly(tieB.sequence(), tieA.sequence(), older.sequence());
    assertThat(history("p-9")).isEmpty();
  }

  @Test
  @DisplayName("reassignOwner moves a whole history; reassignOrigin moves only what was recorded for the origin")
  void reassign() {
    append("a", "a", decision(ConsentStatus.DENIED, T0));
    append("b", "b", decision(ConsentStatus.GRANTED, T0));
    storage.write(
        s -> {
          s.consentHistory().reassignOwner("b", "a");
          s.consentHistory().reassignOwner("a", "a");
          return null;
        });
    assertThat(history("a"))
        .extracting(StoredConsentChange::originProfileId)
        .containsExactlyInAnyOrder("a", "b");
    assertThat(history("b")).isEmpty();

    storage.write(
        s -> {
          s.consentHistory().reassignOrigin("b", "b");
          return null;
        });
    assertThat(history("b"))
        .singleElement()
        .satisfies(c -> assertThat(c.change().status()).isEqualTo(ConsentStatus.GRANTED));
    assertThat(history("a"))
        .singleElement()
        .satisfies(c -> assertThat(c.originProfileId()).isEqualTo("a"));

    int deleted = storage.write(s -> s.consentHistory().deleteOfOwner("a"));
    assertThat(deleted).isEqualTo(1);
    assertThat(history("a")).isEmpty();
  }

  @Test
  @DisplayName("the audit log keeps entries per profile in sequence order with the sequences it assigned")
  void audit() {
    AuditEntry consent =
        new AuditEntry(0, T0, "crm", AuditEntry.Action.CONSENT_CHANGED, "p-1", "email denied");
    AuditEntry erased = new AuditEntry(0, T0.minusSeconds(9), "ops", AuditEntry.Action.ERASED, "p-1", "");
    AuditEntry first = storage.write(s -> s.auditLog().append(consent));
    storage.write(s -> s.auditLog().append(consent));
    AuditEntry last = storage.write(s -> s.auditLog().append(erased));

    assertThat(last.sequence()).isGreaterThan(first.sequence());
    assertThat(audit("p-1"))
        .hasSize(3)
        .startsWith(first)
        .endsWith(last);
    assertThat(audit("p-2")).isEmpty();
  }

  @Test
  @DisplayName("the suppression list holds each hash once and answers exactly")
  void suppressions() {
    storage.write(
        s -> {
          s.suppressionList().add("h1");
          s.suppressionList().add("h1");
          return null;
        });
    assertThat(suppressed("h1")).isTrue();
    assertThat(suppressed("H1")).isFalse();
  }

  @Test
  @DisplayName("a read session refuses every privacy write")
  void readOnly() {
    AuditEntry entry = new AuditEntry(0, T0, "a", AuditEntry.Action.EXPORTED, "p", "d");
    storage.read(
        s -> {
          assertThatThrownBy(() -> s.auditLog().append(entry))
              .isInstanceOf(IllegalStateException.class);
          assertThatThrownBy(() -> s.suppressionList().add("h"))
              .isInstanceOf(IllegalStateException.class);
          assertThatThrownBy(
                  () ->
                      s.consentHistory()
                          .append(
                              new StoredConsentChange(
                                  decision(ConsentStatus.DENIED, T0), "p", "p", 0)))
              .isInstanceOf(IllegalStateException.class);
          return null;
        });
  }

  @Test
  @DisplayName("a row with an unknown status or action fails as a PostgresStorageException naming the column")
  void corruptRows() throws SQLException {
    try (Connection c = DriverManager.getConnection(url);
        Statement statement = c.createStatement()) {
      statement.execute(
          "INSERT INTO consent_history (owner, origin, channel, purpose, status, at, source, actor)"
              + " VALUES ('p', 'p', 'email', 'marketing', 'MAYBE', 0, 's', 'a')");
      statement.execute(
          "INSERT INTO audit_log (at, actor, action, profile_id, detail)"
              + " VALUES (0, 'a', 'SHREDDED', 'p', '')");
    }
    assertThatThrownBy(() -> history("p"))
        .isInstanceOf(PostgresStorageException.class)
        .hasMessageContaining("consent_history.status");
    assertThatThrownBy(() -> audit("p"))
        .isInstanceOf(PostgresStorageException.class)
        .hasMessageContaining("audit_log.action");
  }
}
