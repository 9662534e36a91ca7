package io.cdpkit.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code cdp sync}: a saved segment synced to a directory, its snapshot then its changes;
 * {@link SyncCliPostgresTest} runs the same on PostgreSQL.
 */
class SyncCliTest extends CliTestBase {

  /** Runs a command that reads the syncs; on SQLite they are kept beside the database. */
  Result syncs(String... args) {
    return cdp(args);
  }

  @Test
  void aSegmentIsSyncedToADirectory_snapshotThenChanges() throws IOException {
    Path out = dir.resolve("out");
    cdp("segment", "save", "adults", "age >= 21");

    Result add = syncs("sync", "add", "adults", "--to", "file:" + out);
    Result run = syncs("sync", "run");

    assertThat(add.out()).isEqualTo("syncing adults to file (file:" + out + "); cdp sync run or cdp run delivers it");
    assertThat(run.out()).isEqualTo("sync: 1 batch delivered, 2 added, 0 removed, 0 failures");
    assertThat(Files.readString(out.resolve("adults.file.snapshot.csv")))
        .isEqualTo("change,profile_id,email\nadded,p-1001,ann@example.com\nadded,p-1002,bob@example.com\n");
    assertThat(syncs("sync", "status").out())
        .isEqualTo("adults -> file (file:" + out + "): active, 2 members sent, 1 batch acknowledged\n1 sync");

    cdp("import", "profiles", file("dee.jsonl", "{\"id\": \"p-1004\", \"identifiers\": [{\"type\": \"email\","
        + " \"value\": \"dee@example.com\"}], \"attributes\": {\"age\": 50}}\n").toString());
    assertThat(syncs("run", "--sends-file", dir.resolve("sends.jsonl").toString()).out())
        .endsWith("sync: 1 batch delivered, 1 added, 0 removed, 0 failures");
    assertThat(Files.readString(out.resolve("adults.file.changes-000002.csv")))
        .isEqualTo("change,profile_id,email\nadded,p-1004,dee@example.com\n");
  }

  @Test
  void hashedIdentifiers_andRemoval() throws IOException {
    Path out = dir.resolve("ads");
    cdp("segment", "save", "bob", "age = 40");
    syncs("sync", "add", "bob", "--to", "file:" + out, "--name", "ads", "--hash");
    syncs("sync", "run");

    assertThat(Files.readString(out.resolve("bob.ads.snapshot.csv"))).isEqualTo(
        "change,profile_id,email_sha256\nadded,p-1002,"
            + "5ff860bf1190596c7188ab851db691f0f3169c453936e9e1eba2f9a47f7a0018\n");
    assertThat(syncs("sync", "remove", "bob", "ads").out()).isEqualTo("no longer syncing bob to ads");
    assertThat(syncs("sync", "status", "--json").out()).isEqualTo("{\"syncs\": []}");
  }

  @Test
  void badSyncs_areRefusedWithTheReason() {
    Result unknownSegment = syncs("sync", "add", "nope", "--to", "file:" + dir);
    Result badTarget = syncs("sync", "add", "nope", "--to", "ftp://x");
    Result badUrl = syncs("sync", "add", "nope", "--to", "webhook:ftp://x");

    assertThat(unknownSegment.exit()).isEqualTo(Cli.FAILED);
    assertThat(unknownSegment.err()).contains("nope");
    assertThat(badTarget.err()).isEqualTo("cdp: Invalid --to: \"ftp://x\" (must be file:DIRECTORY or webhook:URL)");
    assertThat(badUrl.err()).contains("http(s) URL");
    assertThat(syncs("sync", "status").out()).isEqualTo("0 syncs");
  }
}
