package io.cdpkit.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code cdp export profiles|events}; {@link ExportCliPostgresTest} runs the same on PostgreSQL. */
class ExportCliTest extends CliTestBase {

  @Test
  void profilesExportAndImportAgain() {
    Path all = dir.resolve("all.jsonl");

    assertThat(cdp("export", "profiles", "--out", all.toString()).out()).isEqualTo("exported 3 profiles to " + all);

    db = dir.resolve("copy.db").toString();
    assertThat(cdp("import", "profiles", all.toString()).out()).startsWith("profiles: read 3 rows, stored 3");
    assertThat(cdp("segment", "count", "age >= 21").out()).isEqualTo("2");
  }

  @Test
  void eventsOfATypeInARange_withChosenColumns() throws IOException {
    Path may = dir.resolve("may.csv");

    Result result = cdp("export", "events", "--out", may.toString(), "--type", "purchase",
        "--from", "2026-05-31T00:00:00Z", "--columns", "id,profile_id,amount");

    assertThat(result.out()).isEqualTo("exported 1 event to " + may);
    assertThat(Files.readString(may)).isEqualTo("id,profile_id,amount\ne-2,p-1001,20\n");
  }
}
