package io.cdpkit.storage.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdpkit.core.Cdp;
import io.cdpkit.core.Identify;
import io.cdpkit.core.Track;
import io.cdpkit.core.consent.ConsentChange;
import io.cdpkit.core.identity.Identifier;
import io.cdpkit.core.profile.ConsentStatus;
import io.cdpkit.core.profile.Profile;
import io.cdpkit.segments.Segments;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Erasure leaves no trace: after {@code Cdp.eraseProfile}, no table of the SQLite file holds the
 * erased identifier values, attribute values, event properties or profile ids (the survivor's and
 * the merged-in one's), and no cache-backed lookup finds them. The audit trail is the one table
 * that names the erased profile, by id only and without its personal data, as issue 6 asks.
 */
final class SqliteErasureScanTest {
  private static final Instant NOW = Instant.parse("2026-06-15T12:00:00Z");

  @TempDir Path dir;

  @Test
  @DisplayName("after erasure no table and no cache holds the profile's values or ids")
  void erase_leavesNoTraceInAnyTableOrCache() throws SQLException {
    Path file = dir.resolve("cdp.db");
    List<String> secrets = new ArrayList<>(List.of("zebulon.erased@example.org", "+31698765432",
        "second.erased@example.org", "Zebulon Quillfeather", "7 Erasure Lane", "secret-festival-9731",
        "merged-attr-4417"));
    List<String> ids = new ArrayList<>();
    try (SqliteStorage storage = SqliteStorage.open(file);
        Cdp cdp = Cdp.builder().storage(storage).clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
        Segments segments = Segments.builder(cdp).store(storage.segmentStore())
            .groups(storage.groupStore()).queries(storage.segmentQueries()).build()) {
      Profile other = cdp.identify(Identify.builder().email("keep@example.org").set("name", "Kept").build());
      segments.save("named", "name is not empty");
      segments.createGroup("vip");

      Profile survivor = cdp.identify(Identify.builder().email("zebulon.erased@example.org")
          .phone("+31698765432").set("name", "Zebulon Quillfeather")
          .set("address", Map.of("street", "7 Erasure Lane")).build());
      Profile merged = cdp.identify(Identify.builder().email("second.erased@example.org")
          .set("note", "merged-attr-4417").build());
      for (int i = 0; i < 3; i++) {
        cdp.track(Track.builder("ticket_bought").profileId(survivor.id()).timestamp(NOW.minusSeconds(3600L * i))
            .property("festival", "secret-festival-9731").build());
      }
      cdp.track(Track.builder("page_view").profileId(merged.id()).property("path", "/merged-attr-4417").build());
      cdp.recordConsent(survivor.id(), ConsentChange.of("email", ConsentStatus.GRANTED, NOW.minusSeconds(60), "form"));
      cdp.recordConsent(survivor.id(), ConsentChange.of("sms", ConsentStatus.DENIED, NOW.minusSeconds(30), "form"));
      Profile unified = cdp.merge(List.of(survivor.id(), merged.id()), "tester");
      segments.addToGroup("vip", List.of(unified.id()));
      assertThat(segments.isMember("named", unified.id())).isTrue();
      assertThat(cdp.findProfile(new Identifier("email", "zebulon.erased@example.org"))).isPresent();
      ids.add(survivor.id());
      ids.add(merged.id());
      ids.add(unified.id());

      cdp.eraseProfile(unified.id(), "tester");

      // Lookups that read through the profile and identifier caches.
      for (String id : List.of(survivor.id(), merged.id(), unified.id())) {
        assertThat(cdp.findProfile(id)).isEmpty();
      }
      for (String email : List.of("zebulon.erased@example.org", "second.erased@example.org")) {
        assertThat(cdp.findProfile(new Identifier("email", email))).isEmpty();
      }
      assertThat(cdp.findProfile(Identifier.of("phone", "+31698765432"))).isEmpty();
      assertThat(storage.<Boolean>read(s -> s.identifiers().find(new Identifier("email", "zebulon.erased@example.org")).isPresent()).booleanValue()).isFalse();
      assertThat(storage.<Boolean>read(s -> s.profiles().find(unified.id()).isPresent()).booleanValue()).isFalse();
      assertThat(storage.<Boolean>read(s -> s.profiles().resolveAlias(merged.id()).isPresent()).booleanValue()).isFalse();
      assertThat(segments.matching("everyone")).containsExactly(other.id());
      assertThat(segments.count("named")).isEqualTo(1);
      assertThat(segments.groupMembers("vip", 10, null).items()).isEmpty();
      assertThat(cdp.findProfile(other.id())).isPresent();
    }

    List<String> found = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      List<String> tables = new ArrayList<>();
      try (Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
        while (rows.next()) {
          tables.add(rows.getString(1));
        }
      }
      assertThat(tables).contains("profiles", "events", "identifiers", "consent_history",
          "identity_log", "segment_members", "static_group_members", "attribute_history");
      for (String table : tables) {
        try (Statement statement = connection.createStatement();
            ResultSet rows = statement.executeQuery("SELECT * FROM \"" + table.replace("\"", "\"\"") + "\"")) {
          int columns = rows.getMetaData().getColumnCount();
          while (rows.next()) {
            for (int c = 1; c <= columns; c++) {
              String text = rows.getString(c);
              for (String secret : secrets) {
                if (text != null && text.contains(secret)) {
                  found.add(table + "." + rows.getMetaData().getColumnName(c) + " holds " + secret);
                }
              }
              // The audit trail is kept on purpose (issue 6), naming profiles by id only.
              for (String id : table.equals("audit_log") ? List.<String>of() : ids) {
                if (text != null && text.contains(id)) {
                  found.add(table + "." + rows.getMetaData().getColumnName(c) + " holds id " + id);
                }
              }
            }
          }
        }
      }
    }
    assertThat(found).isEmpty();
  }
}
