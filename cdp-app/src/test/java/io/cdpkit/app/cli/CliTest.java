package io.cdpkit.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The commands on a SQLite file; {@link CliPostgresTest} runs them again on PostgreSQL. */
class CliTest extends CliTestBase {

  @Test
  void import_csvWithBadRows_reportsThemAndExitsOne() throws IOException {
    Path csv = file("people.csv", "\uFEFFname;email\n\"Di\nDo\";di@example.com\nEd;not-an-email\n");

    Result text = cdp("import", "profiles", csv.toString(), "--separator", ";");
    Result json = cdp("import", "profiles", csv.toString(), "--json");

    assertThat(text.exit()).isEqualTo(1);
    assertThat(text.out())
        .isEqualTo("profiles: read 2 rows, stored 1, duplicates 0, rejected 1\n"
            + "  line 4: Invalid row: \"\" (names no one: email \"not-an-email\" is not an email"
            + " address (must be local@domain))");
    assertThat(json.out())
        .isEqualTo("{\"rows_read\": 2, \"rows_stored\": 1, \"rows_duplicate\": 0, \"rows_rejected\": 1,"
            + " \"errors\": [{\"line\": 4, \"reason\": \"Invalid row: \\\"\\\" (names no one: email"
            + " \\\"not-an-email\\\" is not an email address (must be local@domain))\"}]}");
  }

  @Test
  void import_customerTemplateRows_withBothSeparators() throws IOException {
    String rows = """
        name;identifier;email;phone_number;channel_id;source;channel_name
        Ann;ann@example.com;ann@example.com;+31612345678;1;qiscus;Web
        Budi;6281234567890;;0812-3456-7890;2;wa;WhatsApp Main
        """;
    Path semicolons = file("template-semicolons.csv", rows);
    Path commas = file("template-commas.csv", rows.replace(';', ',').replace("Ann,", "Ann2,"));

    Result first = cdp("import", "profiles", semicolons.toString(), "--phone-region", "ID", "--json");
    Result second = cdp("import", "profiles", commas.toString(), "--phone-region", "ID", "--json");

    assertThat(first.exit()).as(first.out()).isZero();
    assertThat(first.out()).startsWith("{\"rows_read\": 2, \"rows_stored\": 2, \"rows_duplicate\": 0, \"rows_rejected\": 0");
    assertThat(second.exit()).as(second.out()).isZero();
    Result budi = cdp("profile", "show", "whatsapp:+6281234567890", "--json");
    assertThat(budi.exit()).isZero();
    assertThat(budi.out()).contains("\"phone\"", "+6281234567890", "WhatsApp Main");
    assertThat(cdp("profile", "show", "email:ann@example.com", "--json").out()).contains("Ann2", "\"Web\"");
  }

  @Test
  void import_strict_storesNothing() throws IOException {
    Path csv = file("people.csv", "email\nzed@example.com\nbad\n");

    Result result = cdp("import", "profiles", csv.toString(), "--strict", "--json");

    assertThat(result.exit()).isEqualTo(1);
    assertThat(cdp("profile", "search", "zed", "--json").out()).isEqualTo("{\"count\": 0, \"profiles\": []}");
  }

  @Test
  void profileShow_byIdentifier_printsTheSpecShape() {
    cdp("segment", "save", "adults", "age >= 21");

    Result result = cdp("profile", "show", "email:ann@example.com", "--json");

    assertThat(result.exit()).isZero();
    assertThat(result.out())
        .isEqualTo("{\"id\": \"p-1001\", \"identifiers\": [{\"type\": \"email\", \"value\": \"ann@example.com\"}],"
            + " \"attributes\": " + annAttributes() + ", \"created_at\": \"2025-01-05T09:00:00Z\","
            + " \"consents\": [], \"merged_ids\": [], \"segments\": [\"adults\"], \"groups\": []}");
    assertThat(cdp("profile", "show", "p-1001").out()).startsWith("profile p-1001").contains("first_name");
  }

  /** Ann's attributes as stored: SQLite keeps the order they were written in. */
  String annAttributes() {
    return "{\"first_name\": \"Ann\", \"age\": 25}";
  }

  @Test
  void profileTimelineAndSearch_listEventsAndProfiles() {
    Result timeline = cdp("profile", "timeline", "p-1001", "--type", "purchase", "--limit", "1", "--json");
    Result search = cdp("--json", "profile", "search", "bo");

    assertThat(timeline.out())
        .startsWith("{\"profile_id\": \"p-1001\", \"events\": [{\"id\": \"e-2\", \"profile_id\": \"p-1001\","
            + " \"type\": \"purchase\", \"timestamp\": \"2026-05-31T10:00:00Z\", \"source\": \"api\","
            + " \"properties\": {\"amount\": 20}}], \"next\": \"");
    assertThat(search.out()).startsWith("{\"count\": 1, \"profiles\": [{\"id\": \"p-1002\"");
  }

  @Test
  void segmentCommands_countMembersExplainSaveListExport() throws IOException {
    assertThat(cdp("segment", "count", "age >= 21", "--json").out()).isEqualTo("{\"count\": 2}");
    assertThat(cdp("segment", "members", "age >= 21", "--json").out())
        .isEqualTo("{\"count\": 2, \"members\": [\"p-1001\", \"p-1002\"]}");
    assertThat(cdp("segment", "save", "buyers", "event \"purchase\" at least 2", "--json").out())
        .isEqualTo("{\"name\": \"buyers\", \"expression\": \"event \\\"purchase\\\" at least 2\", \"count\": 1}");
    assertThat(cdp("segment", "count", "buyers").out()).isEqualTo("1");
    assertThat(cdp("segment", "members", "buyers", "--json").out())
        .isEqualTo("{\"count\": 1, \"members\": [\"p-1001\"]}");
    assertThat(cdp("segment", "list", "--json").out())
        .isEqualTo("{\"segments\": [{\"name\": \"buyers\", \"expression\": \"event \\\"purchase\\\" at least 2\","
            + " \"count\": 1}]}");
    assertThat(cdp("segment", "explain", "buyers", "p-1002").out()).startsWith("false");
    Path out = dir.resolve("buyers.csv");
    Result export =
        cdp("segment", "export", "buyers", "--out", out.toString(), "--columns", "id,$identifier.email,age");
    assertThat(export.out()).isEqualTo("exported 1 profile to " + out);
    assertThat(Files.readString(out)).isEqualTo("id,\"$identifier.email\",age\np-1001,ann@example.com,25\n");
  }

  @Test
  void mergeUnmergeConsentAndGdpr_changeTheStore() {
    Result merge = cdp("merge", "p-1001", "p-1003", "--json");
    assertThat(merge.out()).isEqualTo("{\"survivor\": \"p-1001\", \"merged_ids\": [\"p-1003\"]}");
    assertThat(cdp("unmerge", "p-1003", "--json").out()).isEqualTo("{\"restored\": \"p-1003\"}");
    assertThat(cdp("consent", "p-1001", "email", "granted", "--json").out())
        .isEqualTo("{\"profile_id\": \"p-1001\", \"channel\": \"email\", \"purpose\": \"marketing\","
            + " \"status\": \"granted\", \"at\": \"" + NOW + "\"}");
    assertThat(cdp("profile", "show", "p-1001", "--json").out())
        .contains("\"consents\": [{\"channel\": \"email\", \"purpose\": \"marketing\", \"status\": \"granted\"");
    assertThat(cdp("gdpr", "export", "p-1001").out()).contains("ann@example.com");
    assertThat(cdp("gdpr", "erase", "p-1002", "--yes", "--json").out()).isEqualTo("{\"erased\": \"p-1002\"}");
    assertThat(cdp("profile", "show", "p-1002").exit()).isEqualTo(1);
  }

  @Test
  void errors_exitNonZeroWithOneLine() {
    Result text = cdp("profile", "show", "p-404");
    Result json = cdp("profile", "show", "p-404", "--json");
    Result syntax = cdp("segment", "count", "age >>> 3", "--json");
    Result usage = cdp("segment", "frobnicate");

    assertThat(text.exit()).isEqualTo(1);
    assertThat(text.out()).isEmpty();
    assertThat(text.err()).startsWith("cdp: ").doesNotContain("\n");
    assertThat(json.out()).startsWith("{\"error\": \"").endsWith("\"kind\": \"profile_not_found\"}");
    assertThat(syntax.exit()).isEqualTo(1);
    assertThat(syntax.out()).endsWith("\"kind\": \"segment_syntax\"}");
    assertThat(usage.exit()).isEqualTo(Cli.USAGE);
    assertThat(usage.err()).startsWith("cdp: Unmatched argument");
  }

  @Test
  void insights_eventsAndSeries() {
    assertThat(cdp("insights", "events", "purchase", "--property", "amount", "--json").out())
        .isEqualTo("{\"type\": \"purchase\", \"count\": 2, \"profiles\": 1, \"first_seen\": \"2026-05-30T10:00:00Z\","
            + " \"last_seen\": \"2026-05-31T10:00:00Z\", \"top_values\": [{\"value\": 20, \"count\": 1},"
            + " {\"value\": 30, \"count\": 1}]}");
    assertThat(cdp("insights", "series", "--interval", "day", "--last", "3", "--type", "purchase",
        "--agg", "sum", "--property", "amount", "--json").out())
        .isEqualTo("{\"name\": \"purchase\", \"interval\": \"day\", \"aggregation\": \"sum\", \"buckets\": ["
            + "{\"start\": \"2026-05-30T00:00:00Z\", \"value\": 30}, {\"start\": \"2026-05-31T00:00:00Z\", \"value\": 20},"
            + " {\"start\": \"2026-06-01T00:00:00Z\", \"value\": 0}]}");
    assertThat(cdp("insights", "series", "--last", "2", "--segment", "age > 30").out())
        .isEqualTo("2026-05-31T00:00  1\n2026-06-01T00:00  0");
  }

  @Test
  void demo_runsOnTheDatabase() {
    assertThat(cdp("demo").exit()).isZero();
  }
}
