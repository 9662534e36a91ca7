package io.cdpkit.storage.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdpkit.core.Cdp;
import io.cdpkit.core.profile.NumberValue;
import io.cdpkit.core.profile.Profile;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two processes on one file: a long-lived one whose caches are warm and short-lived ones (as the
 * command-line tool beside a running server) write the same profiles in turn; none may write back
 * a row it cached before the other's commit.
 */
final class SqliteSharedFileTest {
  private static final int ROUNDS = 3;

  @RegisterExtension final LeakCheck leaks = new LeakCheck();
  @TempDir Path dir;

  @Test
  void twoProcessesWritingTheSameProfilesInTurn_loseNoUpdate() throws Exception {
    Path file = dir.resolve("shared.db");
    Process longLived = start(file, dir.resolve("long-lived.err"));
    try (Writer commands =
            new OutputStreamWriter(longLived.getOutputStream(), StandardCharsets.UTF_8);
        BufferedReader replies =
            new BufferedReader(
                new InputStreamReader(longLived.getInputStream(), StandardCharsets.UTF_8))) {
      for (int round = 1; round <= ROUNDS; round++) {
        if (round % 2 == 1) {
          commands.write(round + "\n");
          commands.flush();
          assertThat(replies.readLine())
              .as("long-lived writer, round %d; its stderr: %s", round, stderr("long-lived.err"))
              .isEqualTo(SharedFileWriterMain.DONE);
        } else {
          Process shortLived = start(file, dir.resolve("short-lived.err"), String.valueOf(round));
          assertThat(shortLived.waitFor(60, TimeUnit.SECONDS)).isTrue();
          assertThat(shortLived.exitValue())
              .as("short-lived writer, round %d; its stderr: %s", round, stderr("short-lived.err"))
              .isZero();
        }
      }
      commands.write("\n");
      commands.flush();
      assertThat(longLived.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(longLived.exitValue()).isZero();
    } finally {
      longLived.destroyForcibly();
    }

    List<String> lost = new ArrayList<>();
    try (Cdp cdp = Cdp.builder().storage(leaks.track(SqliteStorage.open(file))).build()) {
      for (int n = 0; n < SharedFileWriterMain.PROFILES; n++) {
        Profile profile = cdp.findProfile(SharedFileWriterMain.person(n)).orElseThrow();
        for (int round = 1; round <= ROUNDS; round++) {
          if (profile.attribute("round" + round).isEmpty()) {
            lost.add(profile.id() + " round" + round);
          }
        }
        long writes =
            profile.attribute("writes").map(v -> ((NumberValue) v).value().longValue()).orElse(0L);
        if (writes != ROUNDS) {
          lost.add(profile.id() + " writes=" + writes);
        }
      }
      assertThat(cdp.countProfiles()).isEqualTo(SharedFileWriterMain.PROFILES);
    }
    assertThat(lost).as("updates lost").isEmpty();
  }

  private String stderr(String name) throws IOException {
    Path path = dir.resolve(name);
    return Files.exists(path) ? Files.readString(path) : "";
  }

  private static Process start(Path file, Path errors, String... round) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(SharedFileWriterMain.class.getName());
    command.add(file.toString());
    command.addAll(List.of(round));
    return new ProcessBuilder(command).redirectError(errors.toFile()).start();
  }
}
