package io.cdpkit.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * {@code cdp gdpr anonymise|audit|erase --suppress}, {@code cdp identifier}, {@code cdp identity
 * log} and timeline pages; {@link PrivacyCliPostgresTest} runs the same on PostgreSQL.
 */
class PrivacyCliTest extends CliTestBase {

  @Test
  void eraseNeedsYes_andTheAuditTrailOutlivesTheProfile() throws IOException {
    Result unconfirmed = cdp("gdpr", "erase", "email:bob@example.com");
    assertThat(unconfirmed.exit()).isEqualTo(Cli.USAGE);
    assertThat(unconfirmed.err()).startsWith("cdp: this would erase profile p-1002 and everything linked to it;"
        + " add --yes to confirm");

    assertThat(cdp("gdpr", "erase", "email:bob@example.com", "--suppress", "--yes").out())
        .isEqualTo("erased p-1002; its identifiers are suppressed");

    assertThat(cdp("profile", "show", "p-1002").exit()).isEqualTo(Cli.FAILED);
    assertThat(cdp("gdpr", "audit", "p-1002", "--json").out())
        .startsWith("{\"profile_id\": \"p-1002\", \"entries\": [{\"at\": \"" + NOW + "\", \"actor\": \"cli\","
            + " \"action\": \"erased\"");
    assertThat(cdp("gdpr", "audit", "p-1002").out()).endsWith("1 entry");
  }

  @Test
  void eraseWithSuppress_laterImportsRefuseTheIdentifier_andEraseWithoutKeepsNone() throws IOException {
    cdp("gdpr", "erase", "email:bob@example.com", "--suppress", "--yes");
    cdp("gdpr", "erase", "p-1003", "--yes");
    Result again = cdp("import", "profiles", file("again.csv",
        "name,email,phone_number\nBob,bob@example.com,\nCy,,+31612345678\n").toString());

    assertThat(again.exit()).isEqualTo(Cli.FAILED);
    assertThat(again.out()).startsWith("profiles: read 2 rows, stored 1,")
        .contains("line 2: identifier email refused: it belonged to an erased person (suppression list)");
    assertThat(cdp("profile", "show", "email:bob@example.com").exit()).isEqualTo(Cli.FAILED);
    assertThat(cdp("profile", "show", "phone:+31612345678").exit()).isZero();
    assertThat(cdp("gdpr", "suppressed", "email:bob@example.com", "phone:+31612345678", "--json").out())
        .isEqualTo("{\"identifiers\": [{\"identifier\": \"email:bob@example.com\", \"suppressed\": true},"
            + " {\"identifier\": \"phone:+31612345678\", \"suppressed\": false}]}");
    assertThat(cdp("gdpr", "audit", "p-1002").out()).contains("; identifiers suppressed");
  }

  @Test
  void anonymiseKeepsEventsButNotIdentifiers() {
    assertThat(cdp("gdpr", "anonymise", "email:ann@example.com", "--yes").out()).isEqualTo("anonymised p-1001");
    assertThat(cdp("profile", "show", "p-1001", "--json").out()).startsWith("{\"id\": \"p-1001\", \"identifiers\": [],");
    assertThat(cdp("profile", "timeline", "p-1001").out()).endsWith("2 events");
    assertThat(cdp("gdpr", "audit", "p-1001").out()).contains("anonymised by cli");
  }

  @Test
  void mainIdentifierAndDeliverability() throws IOException {
    cdp("import", "profiles", file("work.jsonl", "{\"id\": \"p-1001\", \"identifiers\": [{\"type\": \"email\","
        + " \"value\": \"ann@work.example.com\"}]}\n").toString());

    assertThat(cdp("identifier", "main", "p-1001", "email:ann@work.example.com").out())
        .isEqualTo("main email of p-1001 is now ann@work.example.com");
    assertThat(cdp("profile", "show", "p-1001").out()).contains("ann@work.example.com (main)");
    assertThat(cdp("identifier", "undeliverable", "email:ann@work.example.com", "--reason", "hard bounce").out())
        .isEqualTo("email:ann@work.example.com of p-1001 is undeliverable: hard bounce");
    assertThat(cdp("identifier", "deliverable", "email:ann@work.example.com", "--json").out())
        .isEqualTo("{\"profile_id\": \"p-1001\", \"identifier\": \"email:ann@work.example.com\", \"deliverable\": true}");
    Result notType = cdp("identifier", "main", "p-1001", "ann");
    assertThat(notType.err()).isEqualTo("cdp: Invalid IDENTIFIER: \"ann\" (must be type:value, such as email:ann@example.com)");
  }

  @Test
  void identityLogShowsAMerge() {
    cdp("merge", "p-1001", "p-1003");

    Result log = cdp("identity", "log", "p-1003", "--json");

    assertThat(log.out()).startsWith("{\"profile_id\": \"p-1003\", \"entries\": [{\"at\": \"" + NOW + "\","
        + " \"kind\": \"manual_merge\", \"survivor\": \"p-1001\", \"others\": [\"p-1003\"]");
    assertThat(cdp("identity", "log", "p-1001").out()).endsWith("1 entry");
  }

  @Test
  void timelinePagesWithACursorAndADateRange() {
    Result first = cdp("profile", "timeline", "p-1001", "--limit", "1", "--json");
    String cursor = first.out().replaceAll(".*\"next\": \"([^\"]+)\".*", "$1");

    assertThat(first.out()).contains("\"id\": \"e-2\"");
    assertThat(cdp("profile", "timeline", "p-1001", "--limit", "1", "--cursor", cursor, "--json").out())
        .contains("\"id\": \"e-1\"").doesNotContain("\"next\"");
    assertThat(cdp("profile", "timeline", "p-1001", "--limit", "1").out()).contains("1 event; more with --cursor ");
    assertThat(cdp("profile", "timeline", "p-1001", "--from", "2026-05-30T00:00:00Z",
        "--to", "2026-05-31T00:00:00Z", "--json").out()).contains("\"id\": \"e-1\"").doesNotContain("e-2");
  }
}
