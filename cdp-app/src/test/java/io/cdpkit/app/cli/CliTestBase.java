package io.cdpkit.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * What the CLI tests share: a temporary SQLite database loaded with three profiles (Ann, email,
 * 25, bought for 30 on May 30 and 20 on May 31; Bob, email, 40, viewed a page on May 31; Cy,
 * phone, 19) and a way to run {@code cdp} on it at June 1, 12:00 UTC with captured output.
 */
abstract class CliTestBase {
  static final String NOW = "2026-06-01T12:00:00Z";

  @TempDir Path dir;
  String db;

  record Result(int exit, String out, String err) {}

  Result cdp(String... args) {
    CommandLine line = Cli.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    line.setOut(new PrintWriter(out));
    line.setErr(new PrintWriter(err));
    List<String> all = new ArrayList<>(List.of("--db", db, "--now", NOW));
    all.addAll(List.of(args));
    int exit = line.execute(all.toArray(String[]::new));
    return new Result(exit, out.toString().strip(), err.toString().strip());
  }

  /** Where the commands keep their data: a SQLite file here. */
  String database() {
    return dir.resolve("cdp.db").toString();
  }

  Path file(String name, String content) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return file;
  }

  @BeforeEach
  void load() throws IOException {
    db = database();
    Path profiles =
        file("profiles.jsonl",
            "{\"id\": \"p-1001\", \"identifiers\": [{\"type\": \"email\", \"value\": \"ann@example.com\"}],"
                + " \"attributes\": {\"first_name\": \"Ann\", \"age\": 25}, \"created_at\": \"2025-01-05T09:00:00Z\"}\n"
                + "{\"id\": \"p-1002\", \"identifiers\": [{\"type\": \"email\", \"value\": \"bob@example.com\"}],"
                + " \"attributes\": {\"first_name\": \"Bob\", \"age\": 40}, \"created_at\": \"2025-02-05T09:00:00Z\"}\n"
                + "{\"id\": \"p-1003\", \"attributes\": {\"first_name\": \"Cy\", \"age\": 19},"
                + " \"identifiers\": [{\"type\": \"phone\", \"value\": \"+31612345678\"}], \"created_at\": \"2025-03-05T09:00:00Z\"}\n");
    Path events =
        file("events.jsonl",
            "{\"id\": \"e-1\", \"profile_id\": \"p-1001\", \"type\": \"purchase\", \"timestamp\": \"2026-05-30T10:00:00Z\","
                + " \"properties\": {\"amount\": 30}}\n"
                + "{\"id\": \"e-2\", \"profile_id\": \"p-1001\", \"type\": \"purchase\", \"timestamp\": \"2026-05-31T10:00:00Z\","
                + " \"properties\": {\"amount\": 20}}\n"
                + "{\"id\": \"e-3\", \"profile_id\": \"p-1002\", \"type\": \"page_view\", \"timestamp\": \"2026-05-31T11:00:00Z\"}\n");
    assertThat(cdp("import", "profiles", profiles.toString()).exit()).isZero();
    assertThat(cdp("import", "events", events.toString(), "--format", "jsonl").exit()).isZero();
  }
}
