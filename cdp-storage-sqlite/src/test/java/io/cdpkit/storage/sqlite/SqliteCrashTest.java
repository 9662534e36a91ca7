package io.cdpkit.storage.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdpkit.core.spi.StorageSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a process with SIGKILL while it ingests, then checks that every event it acknowledged is in
 * the file and that the file is intact.
 */
final class SqliteCrashTest {
  private static final Pattern EVENT_ID = Pattern.compile("e-\\d{7}");
  private static final int ACKNOWLEDGED_BEFORE_KILL = 400;

  @RegisterExtension final LeakCheck leaks = new LeakCheck();
  @TempDir Path dir;

  @Test
  void killedWhileIngesting_keepsEveryAcknowledgedEventAndAnIntactFile() throws Exception {
    Path file = dir.resolve("crash.db");
    Path output = dir.resolve("child-stdout.txt");
    Path errors = dir.resolve("child-stderr.txt");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                CrashIngestMain.class.getName(),
                file.toString())
            .redirectOutput(output.toFile())
            .redirectError(errors.toFile())
            .start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (acknowledged(output).size() < ACKNOWLEDGED_BEFORE_KILL
          && child.isAlive()
          && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
    } finally {
      child.destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    // Everything the child printed before the kill was acknowledged; a line cut by it is dropped.
    List<String> acknowledged = acknowledged(output);
    assertThat(acknowledged)
        .as("child output; its stderr: %s", Files.exists(errors) ? Files.readString(errors) : "")
        .hasSizeGreaterThanOrEqualTo(ACKNOWLEDGED_BEFORE_KILL);
    assertThat(child.exitValue()).as("killed, not exited").isNotZero();

    assertThat(integrityCheck(file)).isEqualTo("ok");
    SqliteStorage reopened = leaks.track(SqliteStorage.open(file));
    List<String> missing =
        reopened.read(
            (StorageSession s) ->
                acknowledged.stream().filter(id -> s.events().find(id).isEmpty()).toList());
    assertThat(missing).as("acknowledged events missing after the crash").isEmpty();
    assertThat(reopened.read((StorageSession s) -> s.events().count()))
        .isGreaterThanOrEqualTo(acknowledged.size());
    reopened.close();
    assertThat(integrityCheck(file)).isEqualTo("ok");
  }

  private static List<String> acknowledged(Path output) throws IOException {
    List<String> ids = new ArrayList<>();
    for (String line : Files.readAllLines(output, StandardCharsets.UTF_8)) {
      if (EVENT_ID.matcher(line).matches()) {
        ids.add(line);
      }
    }
    return ids;
  }

  private static String integrityCheck(Path file) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = c.createStatement();
        ResultSet rows = statement.executeQuery("PRAGMA integrity_check")) {
      StringBuilder result = new StringBuilder();
      while (rows.next()) {
        result.append(rows.getString(1));
      }
      return result.toString();
    }
  }
}
