package io.cdpkit.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command of the tool on the packaged jar on a SQLite file, in the order a user would run
 * them: import, export, profiles, segments, groups, computed attributes, insights, workflows (save,
 * preview, run, broadcast, failures, retry, abort, delete), sync, identity, consent, predictions,
 * GDPR with suppression, serve and the dashboard. The first command of each family, every command
 * whose effect must reach another process (erase with suppression, then import and serve), serve
 * and the dashboard run as {@code java -jar cdp.jar ...} ({@link #okJar}), one JVM each; the
 * others run one after another in one JVM on the jar's classes ({@link JarCommands}), as {@code
 * main} runs them: even with {@link JarCdp}'s fast start (about 1 s of CPU a JVM, several times what
 * a command costs in the shared JVM), a JVM per command on both stores would add minutes to the
 * suite.
 * {@link CliPostgresJarTest} runs the same on PostgreSQL.
 */
class CliJarTest {
  static final String NOW = "2026-06-01T12:00:00Z";
  private static final String WRITE_KEY = "wk-secret-1";
  private static final Pattern SERVING = Pattern.compile("on http://[^:]+:(\\d+)/v1/");
  private static final Pattern DASHBOARD = Pattern.compile("dashboard on (http://localhost:\\d+/)\\?token=(\\S+) ");

  @TempDir Path dir;
  String db;
  private JarCdp.Commands commands;

  /** Where the commands keep their data: a SQLite file in the working directory here. */
  String database() {
    return "cdp.db";
  }

  @BeforeEach
  void files() throws IOException {
    db = database();
    write("people.csv", "id,name,email,age\np-1,Ann,ann@example.com,25\np-2,Bob,bob@example.com,40\n"
        + "p-3,Cy,cy@example.com,19\n");
    write("events.jsonl", """
        {"id": "e-1", "profile_id": "p-1", "type": "purchase", "timestamp": "2026-05-30T10:00:00Z", "properties": {"amount": 30}}
        {"id": "e-2", "profile_id": "p-1", "type": "purchase", "timestamp": "2026-05-31T10:00:00Z", "properties": {"amount": 20}}
        """);
    write("welcome.json", """
        {"name": "welcome", "trigger": {"type": "eventAdded", "eventType": "signup"},
         "consent": {"ignoreConsent": true},
         "steps": [{"type": "sendEmail", "id": "hello", "templateId": "welcome",
           "addressProperty": "$identifier.email", "subject": "Hi {{first_name}}", "textBody": "Welcome",
           "tags": [{"name": "first_name", "source": "name", "default": "there"}]}]}
        """);
    write("hook.json", """
        {"name": "hook", "trigger": {"type": "broadcastOnly"}, "consent": {"ignoreConsent": true},
         "steps": [{"type": "httpCall", "id": "call", "method": "POST", "url": "https://hooks.example.com/x"}]}
        """);
    write("signups.csv", "email,type,timestamp\nbob@example.com,signup,2026-06-01T11:00:00Z\n");
    commands = new JarCdp.Commands(dir);
  }

  @AfterEach
  void stopCommands() throws InterruptedException {
    if (commands != null) { // null when skipped before the jar is built
      commands.close();
    }
  }

  @Test
  void everyCommand_throughTheJar() throws Exception {
    importAndExport();
    profilesSegmentsAndGroups();
    computedAndInsights();
    workflowsAndSync();
    identityAndConsent();
    predictions();
    gdprWithSuppression();
    serveRefusesTheSuppressedPerson();
    dashboardAnswersWithItsToken();
  }

  private void importAndExport() throws IOException {
    assertThat(okJar("import", "profiles", "people.csv")).isEqualTo("profiles: read 3 rows, stored 3, duplicates 0, rejected 0");
    assertThat(ok("import", "events", "events.jsonl")).isEqualTo("events: read 2 rows, stored 2, duplicates 0, rejected 0");
    assertThat(ok("export", "profiles", "--out", "all.jsonl")).isEqualTo("exported 3 profiles to all.jsonl");
    assertThat(read("all.jsonl")).hasSize(3).first().asString().startsWith("{\"id\":\"p-1\"");
    assertThat(ok("export", "events", "--out", "events.csv", "--columns", "id,profile_id,amount"))
        .isEqualTo("exported 2 events to events.csv");
    assertThat(read("events.csv")).containsExactly("id,profile_id,amount", "e-1,p-1,30", "e-2,p-1,20");
  }

  private void profilesSegmentsAndGroups() throws IOException {
    assertThat(okJar("profile", "show", "email:ann@example.com"))
        .startsWith("profile p-1").contains("  email        ann@example.com", "  name         Ann", "  age          25");
    String page = ok("profile", "timeline", "p-1", "--limit", "1", "--json");
    assertThat(page).contains("\"id\": \"e-2\"");
    String cursor = page.replaceAll(".*\"next\": \"([^\"]+)\".*", "$1");
    assertThat(ok("profile", "timeline", "p-1", "--limit", "1", "--cursor", cursor)).contains("purchase").endsWith("1 event");
    assertThat(ok("profile", "search", "ann")).isEqualTo("p-1  email:ann@example.com\n1 profile");

    assertThat(okJar("segment", "save", "adults", "age >= 21")).isEqualTo("saved adults with 2 members");
    assertThat(ok("segment", "count", "adults", "--json")).isEqualTo("{\"count\": 2}");
    assertThat(ok("segment", "members", "age >= 21", "--json")).isEqualTo("{\"count\": 2, \"members\": [\"p-1\", \"p-2\"]}");
    assertThat(ok("segment", "explain", "adults", "p-3")).contains("age >= 21", "19");
    assertThat(ok("segment", "update", "adults", "age >= 21", "--description", "grown-ups"))
        .isEqualTo("updated adults: 2 members");
    assertThat(ok("segment", "duplicate", "adults", "copy")).isEqualTo("saved copy as a copy of adults with 2 members");
    assertThat(ok("segment", "rename", "copy", "over21")).isEqualTo("renamed copy to over21");
    assertThat(ok("segment", "list")).contains("adults", "over21").endsWith("2 segments");
    assertThat(ok("segment", "export", "adults", "--out", "adults.csv", "--columns", "id,$identifier.email"))
        .isEqualTo("exported 2 profiles to adults.csv");
    assertThat(read("adults.csv")).hasSize(3).contains("p-1,ann@example.com", "p-2,bob@example.com");
    assertThat(ok("segment", "delete", "over21", "--yes")).isEqualTo("deleted segment over21");
    Result typo = cdp("segment", "count", "adlts");
    assertThat(typo.exit()).isEqualTo(Cli.FAILED);
    assertThat(typo.err()).contains("adlts", "saved: adults");

    assertThat(ok("group", "create", "vip")).isEqualTo("created group vip");
    assertThat(ok("group", "add", "vip", "email:ann@example.com")).isEqualTo("added 1 to vip");
    assertThat(ok("group", "add-matching", "vip", "age >= 40")).isEqualTo("added 1 to vip");
    assertThat(ok("group", "members", "vip", "--json")).isEqualTo("{\"count\": 2, \"members\": [\"p-1\", \"p-2\"]}");
    assertThat(ok("group", "remove", "vip", "p-2")).isEqualTo("removed 1 from vip");
    assertThat(ok("group", "list")).contains("vip").endsWith("1 group");
    assertThat(ok("group", "delete", "vip", "--yes")).isEqualTo("deleted group vip");
  }

  private void computedAndInsights() {
    assertThat(ok("computed", "define", "ltv=sum:purchase:amount")).isEqualTo("defined $computed.ltv");
    assertThat(ok("computed", "list")).contains("ltv   sum   purchase  amount");
    assertThat(ok("segment", "count", "$computed.ltv > 25")).isEqualTo("1");
    // A stored computed attribute is a column; --segment takes an expression as well as a name.
    assertThat(okJar("insights", "profiles", "--columns", "id,$computed.ltv,age", "--segment", "age >= 21",
        "--sort", "age", "--desc", "--json"))
        .isEqualTo("{\"rows\": [{\"id\": \"p-2\", \"$computed.ltv\": 0, \"age\": 40},"
            + " {\"id\": \"p-1\", \"$computed.ltv\": 50, \"age\": 25}], \"next\": null}");
    assertThat(ok("insights", "profiles", "--columns", "id,name", "--segment", "adults", "--limit", "1"))
        .startsWith("id   name\np-1  Ann\nmore with --cursor ");
    assertThat(ok("computed", "delete", "ltv")).isEqualTo("deleted $computed.ltv");

    assertThat(ok("insights", "events", "purchase", "--property", "amount", "--json"))
        .contains("\"count\": 2");
    assertThat(ok("insights", "series", "--last", "3", "--type", "purchase", "--agg", "sum", "--property", "amount", "--json"))
        .isEqualTo("{\"name\": \"purchase\", \"interval\": \"day\", \"aggregation\": \"sum\", \"buckets\":"
            + " [{\"start\": \"2026-05-30T00:00:00Z\", \"value\": 30}, {\"start\": \"2026-05-31T00:00:00Z\", \"value\": 20},"
            + " {\"start\": \"2026-06-01T00:00:00Z\", \"value\": 0}]}");
    assertThat(ok("insights", "computed", "ltv=sum:purchase:amount", "--profile", "p-1", "--json"))
        .contains("{\"id\": \"p-1\", \"value\": 50}");
    assertThat(ok("insights", "active", "--month", "2026-05")).isEqualTo("2026-05: 1 active (1 identified, 0 anonymous)");
    assertThat(ok("insights", "reachability", "--channel", "email", "--last", "1", "--json"))
        .startsWith("{\"channel\": \"email\", \"days\": [{\"day\": \"2026-06-01\", \"total\": 3,");
  }

  private void workflowsAndSync() throws IOException {
    assertThat(okJar("workflow", "save", "welcome.json")).isEqualTo("saved workflow welcome version 1 (enabled)");
    assertThat(ok("workflow", "save", "hook.json")).isEqualTo("saved workflow hook version 1 (enabled)");
    assertThat(ok("workflow", "list")).contains("on event signup", "by broadcast only").endsWith("2 workflows");
    assertThat(ok("workflow", "show", "welcome")).contains("\"eventType\" : \"signup\"");
    assertThat(ok("workflow", "preview", "welcome", "email:bob@example.com"))
        .contains("would send email to bob@example.com: Hi Bob").endsWith("ends completed, 1 send");
    assertThat(ok("workflow", "disable", "welcome")).isEqualTo("disabled welcome");
    assertThat(ok("workflow", "enable", "welcome")).isEqualTo("enabled welcome");

    // An imported event starts the workflow on the next run, which writes the email it sends.
    ok("import", "events", "signups.csv");
    assertThat(okJar("run", "--sends-file", "sends.jsonl")).contains("1 enrolled");
    assertThat(read("sends.jsonl")).singleElement().asString()
        .contains("\"to\":\"bob@example.com\"", "\"subject\":\"Hi Bob\"");
    assertThat(ok("workflow", "stats", "welcome", "--json")).contains("\"entered\": 1", "\"completed\": 1");

    // A broadcast to a saved segment; its HTTP step is refused (no allowed hosts) and retried.
    assertThat(ok("broadcast", "hook", "--segment", "adults"))
        .startsWith("broadcast hook to segment adults: 2 members, 2 enrolled, 0 refused");
    Result expression = cdp("broadcast", "hook", "--segment", "age > 1");
    assertThat(expression.exit()).isEqualTo(Cli.FAILED);
    assertThat(expression.err()).contains("save it first");
    ok("run", "--sends-file", "sends.jsonl");
    String failed = ok("workflow", "failed", "hook", "--json");
    assertThat(failed).contains("hooks.example.com");
    String enrollment = failed.replaceAll("(?s).*?\"id\": \"([^\"]+)\".*", "$1");
    assertThat(ok("workflow", "retry", enrollment)).contains(enrollment);
    assertThat(ok("workflow", "abort", "hook", "--yes")).startsWith("aborted hook: ");
    assertThat(ok("workflow", "delete", "hook", "--yes")).isEqualTo("deleted workflow hook");

    assertThat(ok("sync", "add", "adults", "--to", "file:out"))
        .startsWith("syncing adults to file (file:");
    assertThat(okJar("sync", "run")).isEqualTo("sync: 1 batch delivered, 2 added, 0 removed, 0 failures");
    assertThat(read("out/adults.file.snapshot.csv"))
        .containsExactlyInAnyOrder("change,profile_id,email", "added,p-1,ann@example.com", "added,p-2,bob@example.com");
    assertThat(ok("sync", "status")).startsWith("adults -> file").endsWith("1 sync");
    assertThat(ok("sync", "remove", "adults", "file")).isEqualTo("no longer syncing adults to file");
  }

  private void identityAndConsent() {
    assertThat(okJar("merge", "p-1", "p-3")).startsWith("merged into p-1");
    assertThat(ok("identity", "log", "p-3", "--json")).contains("\"kind\": \"manual_merge\", \"survivor\": \"p-1\"");
    assertThat(ok("unmerge", "p-3")).isEqualTo("restored p-3");
    assertThat(ok("consent", "p-1", "email", "granted")).contains("granted");
    assertThat(ok("identifier", "main", "p-1", "email:ann@example.com")).isEqualTo("main email of p-1 is now ann@example.com");
    assertThat(ok("identifier", "undeliverable", "email:ann@example.com", "--reason", "hard bounce"))
        .isEqualTo("email:ann@example.com of p-1 is undeliverable: hard bounce");
    assertThat(ok("identifier", "deliverable", "email:ann@example.com", "--json"))
        .isEqualTo("{\"profile_id\": \"p-1\", \"identifier\": \"email:ann@example.com\", \"deliverable\": true}");
  }

  private void predictions() {
    assertThat(ok("predictions", "fit")).contains("no predictions");
    assertThat(ok("predictions", "show", "p-1")).startsWith("profile p-1").contains("no predictions");
  }

  private void gdprWithSuppression() throws IOException {
    assertThat(ok("gdpr", "export", "p-1", "--out", "ann.json")).isEqualTo("exported p-1 to ann.json");
    assertThat(Files.readString(dir.resolve("ann.json"))).contains("ann@example.com");
    assertThat(ok("gdpr", "anonymise", "p-3", "--yes")).isEqualTo("anonymised p-3");
    Result unconfirmed = cdp("gdpr", "erase", "email:bob@example.com");
    assertThat(unconfirmed.exit()).isEqualTo(Cli.USAGE);
    assertThat(okJar("gdpr", "erase", "email:bob@example.com", "--suppress", "--yes"))
        .isEqualTo("erased p-2; its identifiers are suppressed");
    assertThat(okJar("gdpr", "suppressed", "email:bob@example.com", "email:ann@example.com"))
        .isEqualTo("email:bob@example.com is suppressed\nemail:ann@example.com is not suppressed");

    // Later processes refuse the erased person's address instead of creating them again.
    Result again = cdpJar("import", "profiles", "people.csv");
    assertThat(again.exit()).as(again.toString()).isEqualTo(Cli.FAILED);
    assertThat(again.out()).startsWith("profiles: read 3 rows, stored 2,").contains("rejected 1", "line 3:", "erased person");
    write("bob-events.csv", "email,type,timestamp\nbob@example.com,purchase,2026-06-01T11:30:00Z\n");
    assertThat(cdp("import", "events", "bob-events.csv").out()).contains("rejected 1", "erased person");
    assertThat(cdp("profile", "show", "email:bob@example.com").exit()).isEqualTo(Cli.FAILED);
    assertThat(ok("gdpr", "audit", "p-2")).contains("erased by cli", "identifiers suppressed").endsWith("1 entry");
  }

  private void serveRefusesTheSuppressedPerson() throws Exception {
    Process serve = JarCdp.start(dir, List.of("--db", db, "serve", "--port", "0", "--write-key", WRITE_KEY));
    try {
      String port = awaitLine(serve, SERVING).group(1);
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> health = http.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
          HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> identify = http.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/identify"))
              .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((WRITE_KEY + ":").getBytes(StandardCharsets.UTF_8)))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString("{\"messageId\": \"m-1\", \"userId\": \"u-9\","
                  + " \"traits\": {\"email\": \"bob@example.com\"}}"))
              .build(),
          HttpResponse.BodyHandlers.ofString());

      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(identify.statusCode()).as(identify.body()).isEqualTo(422);
      assertThat(identify.body()).contains("erased person");
    } finally {
      serve.destroy();
      assertThat(serve.waitFor(30, TimeUnit.SECONDS)).as("serve stops on SIGTERM").isTrue();
    }
    assertThat(cdpJar("profile", "show", "email:bob@example.com").exit()).isEqualTo(Cli.FAILED);
  }

  /** {@code cdp dashboard} on the same store: its overview with the printed token, and not without. */
  private void dashboardAnswersWithItsToken() throws Exception {
    Process dashboard = JarCdp.start(dir, List.of("--db", db, "--now", NOW, "dashboard", "--port", "0"));
    try {
      Matcher address = awaitLine(dashboard, DASHBOARD);
      URI overview = URI.create(address.group(1) + "api/overview");
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> withToken = http.send(HttpRequest.newBuilder(overview)
          .header("Authorization", "Bearer " + address.group(2)).build(), HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> without = http.send(HttpRequest.newBuilder(overview).build(),
          HttpResponse.BodyHandlers.ofString());

      assertThat(withToken.statusCode()).as(withToken.body()).isEqualTo(200);
      assertThat(withToken.body()).contains("\"profiles\"");
      assertThat(without.statusCode()).isEqualTo(401);
    } finally {
      dashboard.destroy();
      assertThat(dashboard.waitFor(30, TimeUnit.SECONDS)).as("the dashboard stops on SIGTERM").isTrue();
    }
  }

  /** Reads a server's output up to the line {@code pattern} finds in, which it returns. */
  private static Matcher awaitLine(Process server, Pattern pattern) throws IOException {
    BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
    List<String> lines = new ArrayList<>();
    for (String line = out.readLine(); line != null; line = out.readLine()) {
      lines.add(line);
      Matcher found = pattern.matcher(line);
      if (found.find()) {
        return found;
      }
    }
    throw new AssertionError("the server ended without printing " + pattern + ": " + lines);
  }

  record Result(int exit, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exit + "\nout: " + out + "\nerr: " + err;
    }
  }

  /** Runs a command in the command JVM on the jar's classes. */
  Result cdp(String... args) {
    return result(commands.run(arguments(args)));
  }

  /** Runs a command as {@code java -jar cdp.jar ...}, a JVM of its own. */
  Result cdpJar(String... args) {
    return result(JarCdp.run(dir, arguments(args)));
  }

  /** Runs a command that must succeed in the command JVM; its standard output. */
  String ok(String... args) {
    return succeeded(args, cdp(args));
  }

  /** Runs a command that must succeed as {@code java -jar cdp.jar ...}; its standard output. */
  String okJar(String... args) {
    return succeeded(args, cdpJar(args));
  }

  private List<String> arguments(String... args) {
    List<String> all = new ArrayList<>(List.of("--db", db, "--now", NOW));
    all.addAll(List.of(args));
    return all;
  }

  private static Result result(JarCdp.Result result) {
    return new Result(result.exit(), result.out(), result.err());
  }

  private static String succeeded(String[] args, Result result) {
    assertThat(result.exit()).as("cdp %s\n%s", String.join(" ", args), result).isZero();
    return result.out();
  }

  private void write(String name, String content) throws IOException {
    Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
  }

  private List<String> read(String name) throws IOException {
    return Files.readAllLines(dir.resolve(name), StandardCharsets.UTF_8);
  }
}
