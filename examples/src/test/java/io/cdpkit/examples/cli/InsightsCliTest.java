package io.cdpkit.examples.cli;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The insights commands end to end on a temporary database: Ann (email, 25) bought for 30 on May
 * 30 and 20 on May 31, Bob (email, 40) viewed a page on May 31, Cy (phone, 19) did nothing. Now
 * is June 1, 12:00 UTC.
 */
final class InsightsCliTest {
  private static final String NOW = "2026-06-01T12:00:00Z";

  @TempDir Path dir;
  private Path db;

  record Result(int exit, String out, String err) {}

  private Result cdp(String... args) {
    CommandLine line = Cli.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    line.setOut(new PrintWriter(out));
    line.setErr(new PrintWriter(err));
    List<String> all = new ArrayList<>(List.of("--db", db.toString(), "--now", NOW));
    all.addAll(List.of(args));
    int exit = line.execute(all.toArray(String[]::new));
    return new Result(exit, out.toString().strip(), err.toString().strip());
  }

  private Path file(String name, String content) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return file;
  }

  @BeforeEach
  void load() throws IOException {
    db = dir.resolve("cdp.db");
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

  @Test
  void profiles_chosenColumnsSortedByAColumn() {
    Result text = cdp("insights", "profiles", "--columns", "id,first_name,age", "--sort", "age", "--desc", "--limit", "2");

    assertThat(text.exit()).isZero();
    assertThat(text.out()).isEqualTo("""
        id      first_name  age
        p-1002  Bob         40
        p-1001  Ann         25""");
  }

  @Test
  void profiles_withComputedColumns() {
    Result text = cdp("insights", "profiles", "--columns", "id,$computed.orders",
        "--computed", "orders=count:purchase", "--limit", "3");

    assertThat(text.out()).isEqualTo("""
        id      $computed.orders
        p-1001  2
        p-1002  0
        p-1003  0""");
  }

  @Test
  void series_writtenToCsvAndJsonLines() throws IOException {
    Path csv = dir.resolve("daily.csv");
    Path jsonl = dir.resolve("daily.out");

    Result text = cdp("insights", "series", "--interval", "day", "--last", "3", "--type", "purchase",
        "--out", csv.toString());
    Result json = cdp("insights", "series", "--last", "2", "--type", "purchase", "--agg", "sum",
        "--property", "amount", "--out", jsonl.toString(), "--format", "jsonl", "--columns", "start,value");

    assertThat(text.out()).isEqualTo("series purchase: wrote 3 rows to " + csv);
    assertThat(Files.readString(csv)).isEqualTo("""
        series,start,value
        purchase,2026-05-30T00:00:00Z,1
        purchase,2026-05-31T00:00:00Z,1
        purchase,2026-06-01T00:00:00Z,0
        """);
    assertThat(json.exit()).isZero();
    assertThat(Files.readString(jsonl)).isEqualTo("""
        {"start":"2026-05-31T00:00:00Z","value":20}
        {"start":"2026-06-01T00:00:00Z","value":0}
        """);
  }

  @Test
  void computed_forEveryProfileAndForOne() {
    Result all = cdp("insights", "computed", "ltv=sum:purchase:amount");
    Result one = cdp("insights", "computed", "last=last_seen:*", "--profile", "email:bob@example.com", "--json");

    assertThat(all.out()).isEqualTo("""
        ltv (sum of amount over purchase)
        id      ltv
        p-1001  50
        p-1002  0
        p-1003  0""");
    assertThat(one.out()).contains("\"definition\": \"last seen over any event\"")
        .contains("\"id\": \"p-1002\"").contains("\"value\": 1780225200000");
  }

  @Test
  void computed_badDefinitionFailsWithOneLine() {
    Result bad = cdp("insights", "computed", "ltv=sum:purchase");

    assertThat(bad.exit()).isEqualTo(1);
    assertThat(bad.err()).isEqualTo("cdp: computed attribute ltv (SUM) needs a numeric property");
  }

  @Test
  void active_monthlyActiveUsers() {
    assertThat(cdp("insights", "active", "--month", "2026-05").out())
        .isEqualTo("2026-05: 2 active (2 identified, 0 anonymous)");
    assertThat(cdp("insights", "active", "--month", "2026-05", "--inactive-types", "page_view").out())
        .isEqualTo("2026-05: 1 active (1 identified, 0 anonymous)");
    assertThat(cdp("insights", "active", "--month", "2026-06", "--json").out())
        .isEqualTo("{\"month\": \"2026-06\", \"identified\": 0, \"anonymous\": 0, \"total\": 0}");
  }

  @Test
  void reachability_perDay() {
    assertThat(cdp("consent", "p-1001", "email", "granted").exit()).isZero();

    Result text = cdp("insights", "reachability", "--channel", "email", "--last", "2");

    assertThat(text.out()).isEqualTo("""
        day         total  reachable  unreachable
        2026-05-31  3      1          2
        2026-06-01  3      1          2""");
  }
}
