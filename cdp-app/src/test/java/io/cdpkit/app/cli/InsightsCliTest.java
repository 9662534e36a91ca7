package io.cdpkit.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * The insights commands end to end on a temporary database: Ann (email, 25) bought for 30 on May
 * 30 and 20 on May 31, Bob (email, 40) viewed a page on May 31, Cy (phone, 19) did nothing. Now
 * is June 1, 12:00 UTC.
 */
final class InsightsCliTest extends CliTestBase {

  @Test
  void profiles_chosenColumnsSortedByAColumn() {
    Result text = cdp("insights", "profiles", "--columns", "id,first_name,age", "--sort", "age", "--desc", "--limit", "2");

    assertThat(text.exit()).isZero();
    assertThat(text.out()).startsWith("""
        id      first_name  age
        p-1002  Bob         40
        p-1001  Ann         25
        more with --cursor """);
    String cursor = text.out().substring(text.out().lastIndexOf(' ') + 1);
    assertThat(cdp("insights", "profiles", "--columns", "id,first_name,age", "--sort", "age", "--desc",
        "--limit", "2", "--cursor", cursor).out()).isEqualTo("""
        id      first_name  age
        p-1003  Cy          19""");
  }

  @Test
  void profiles_json_keepsNumbersAsNumbers() {
    Result json = cdp("insights", "profiles", "--columns", "id,age,first_name,$identifier.phone,$computed.orders",
        "--computed", "orders=count:purchase", "--limit", "1", "--json");

    assertThat(json.out()).startsWith("{\"rows\": [{\"id\": \"p-1001\", \"age\": 25, \"first_name\": \"Ann\","
        + " \"$identifier.phone\": null, \"$computed.orders\": 2}], \"next\": \"");
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
  void profiles_withoutComputedColumns_readNoEvents() throws SQLException {
    // Computing a definition reads every profile's events: at 2,000,000 events that took 85 s for
    // a page of 20. An unreadable event row shows whether the page still reads them.
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement statement = connection.createStatement()) {
      statement.executeUpdate("UPDATE events SET properties = 'not json'");
    }

    Result text = cdp("insights", "profiles", "--columns", "id,age", "--computed", "orders=count:purchase",
        "--limit", "1");

    assertThat(text.exit()).isZero();
    assertThat(text.out()).startsWith("""
        id      age
        p-1001  25
        more with --cursor """);
  }

  @Test
  void profiles_storedComputedColumn_andAGivenDefinitionReplacesTheStoredOne() {
    assertThat(cdp("computed", "define", "orders=count:purchase").exit()).isZero();

    assertThat(cdp("insights", "profiles", "--columns", "id,$computed.orders", "--limit", "1").out())
        .startsWith("""
            id      $computed.orders
            p-1001  2""");
    assertThat(cdp("insights", "profiles", "--columns", "id,$computed.orders", "--limit", "1",
        "--computed", "orders=sum:purchase:amount").out())
        .startsWith("""
            id      $computed.orders
            p-1001  50""");
    assertThat(cdp("insights", "profiles", "--columns", "id,$computed.spend").err())
        .contains("names no computed attribute; defined: orders");
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
