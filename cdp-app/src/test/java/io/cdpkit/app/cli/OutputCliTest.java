package io.cdpkit.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Output in the domain's words: option values, columns, series names and counts. */
final class OutputCliTest extends CliTestBase {

  @Test
  void aBadInstantOrZone_isNamedWithAnExample() {
    Result instant = cdp("profile", "timeline", "p-1001", "--from", "yesterday");
    Result zone = cdp("--zone", "Mars/Olympus", "segment", "count", "age > 1");

    assertThat(instant.exit()).isEqualTo(Cli.USAGE);
    assertThat(instant.err()).startsWith("cdp: Invalid value for option '--from': 'yesterday' is not an"
        + " ISO-8601 instant such as 2026-06-01T12:00:00Z\n");
    assertThat(zone.err()).contains("'Mars/Olympus' is not a time zone such as UTC or Europe/Amsterdam");
  }

  @Test
  void anExportColumnNoProfileCouldFill_isRefused() {
    Result result = cdp("segment", "export", "age > 1", "--out", dir.resolve("x.csv").toString(),
        "--columns", "id,bad column!");

    assertThat(result.exit()).isEqualTo(Cli.FAILED);
    assertThat(result.err()).startsWith("cdp: Invalid --columns: \"bad column!\" (must be id,");
    assertThat(dir.resolve("x.csv")).doesNotExist();
  }

  @Test
  void aProfilesCreatedSeries_isNamedSo_andOneRowIsOneRow() throws IOException {
    assertThat(cdp("insights", "series", "--agg", "profiles_created", "--last", "1", "--json").out())
        .startsWith("{\"name\": \"profiles_created\"");
    assertThat(cdp("import", "profiles", file("one.csv", "email\nzed@example.com\n").toString()).out())
        .startsWith("profiles: read 1 row, stored 1");
  }

  @Test
  void topValues_areJsonValues_notJsonText() throws IOException {
    cdp("import", "events", file("eur.jsonl", "{\"id\": \"e-8\", \"profile_id\": \"p-1002\", \"type\": \"purchase\","
        + " \"timestamp\": \"2026-05-31T12:00:00Z\", \"properties\": {\"currency\": \"EUR\"}}\n").toString());

    assertThat(cdp("insights", "events", "purchase", "--property", "currency", "--json").out())
        .endsWith("\"top_values\": [{\"value\": \"EUR\", \"count\": 1}]}");
    assertThat(cdp("insights", "events", "purchase", "--property", "currency").out())
        .isEqualTo("purchase: 3 events from 2 profiles, first 2026-05-30T10:00:00Z, last 2026-05-31T12:00:00Z\n"
            + "  EUR                  1");
  }

  @Test
  void segmentMeansASavedSegmentOrAnExpression_inSeriesToo() {
    cdp("segment", "save", "older", "age > 30");

    assertThat(cdp("insights", "series", "--last", "2", "--segment", "older").out())
        .isEqualTo(cdp("insights", "series", "--last", "2", "--segment", "age > 30").out())
        .isEqualTo("2026-05-31T00:00  1\n2026-06-01T00:00  0");
  }

  @Test
  void instants_printToTheSecond_unlessWholeMillisecondsAreStored() throws IOException {
    cdp("import", "profiles", file("fine.jsonl", "{\"id\": \"p-9\", \"attributes\": {\"age\": 50},"
        + " \"created_at\": \"2025-01-05T09:00:00.123456789Z\"}\n").toString());
    cdp("import", "events", file("ms.jsonl", "{\"id\": \"e-9\", \"profile_id\": \"p-9\", \"type\": \"visit\","
        + " \"timestamp\": \"2026-05-31T10:00:00.250Z\"}\n").toString());

    assertThat(cdp("profile", "show", "p-9").out()).contains("  created      2025-01-05T09:00:00Z, updated ");
    assertThat(cdp("profile", "timeline", "p-9").out()).startsWith("2026-05-31T10:00:00.250Z  visit");
  }
}
