package io.cdpkit.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code cdp workflow}, {@code cdp run} and {@code cdp broadcast} on a SQLite file: a workflow saved
 * from JSON sends on an imported event when {@code cdp run} runs; {@link WorkflowCliPostgresTest}
 * runs the same on PostgreSQL.
 */
class WorkflowCliTest extends CliTestBase {
  static final String WELCOME = """
      {"name": "welcome", "trigger": {"type": "eventAdded", "eventType": "signup"},
       "consent": {"ignoreConsent": true},
       "steps": [{"type": "sendEmail", "id": "hello", "templateId": "welcome",
         "addressProperty": "$identifier.email", "subject": "Hi {{first_name}}",
         "textBody": "Welcome", "tags": [{"name": "first_name", "source": "first_name"}]}]}
      """;

  Path sends() {
    return dir.resolve("sends.jsonl");
  }

  Result run() {
    return cdp("run", "--sends-file", sends().toString());
  }

  @Test
  void aSavedWorkflowSendsOnAnImportedEventWhenRunRuns() throws IOException {
    Path workflow = file("welcome.json", WELCOME);
    assertThat(cdp("workflow", "save", workflow.toString()).out())
        .isEqualTo("saved workflow welcome version 1 (enabled)");
    assertThat(cdp("workflow", "list", "--json").out()).isEqualTo("{\"workflows\": [{\"name\": \"welcome\","
        + " \"version\": 1, \"enabled\": true, \"trigger\": {\"type\": \"eventAdded\", \"eventType\": \"signup\"}}]}");
    assertThat(cdp("workflow", "show", "welcome").out()).contains("\"eventType\" : \"signup\"");
    Path events = file("signup.jsonl", "{\"id\": \"e-9\", \"profile_id\": \"p-1001\", \"type\": \"signup\","
        + " \"timestamp\": \"2026-06-01T11:00:00Z\"}\n");
    assertThat(cdp("import", "events", events.toString()).exit()).isZero();

    Result run = run();

    assertThat(run.exit()).isZero();
    assertThat(run.out()).contains("workflows: 1 signal, 1 enrolled, 1 enrollment advanced");
    assertThat(Files.readString(sends())).contains("\"to\":\"ann@example.com\"", "\"subject\":\"Hi Ann\"");
    assertThat(cdp("workflow", "stats", "welcome", "--json").out()).isEqualTo("{\"workflow\": \"welcome\","
        + " \"entered\": 1, \"active\": 0, \"completed\": 1, \"exited_on_goal\": 0, \"failed\": 0,"
        + " \"cancelled\": 0, \"converted\": 0, \"conversion_percent\": 0.0}");
    assertThat(run().out()).contains("workflows: 0 signals, 0 enrolled");
  }

  @Test
  void theExampleInSavesHelp_savesAsPrinted() throws IOException {
    String help = cdp("workflow", "save", "--help").out();
    String example = help.substring(help.indexOf("(welcome.json):") + "(welcome.json):".length(),
        help.indexOf("Triggers:"));

    Result saved = cdp("workflow", "save", file("welcome.json", example).toString());

    assertThat(saved.out()).as(saved.err()).isEqualTo("saved workflow welcome version 1 (enabled)");
    cdp("import", "events", file("signup.jsonl", "{\"id\": \"e-9\", \"profile_id\": \"p-1001\","
        + " \"type\": \"signup\", \"timestamp\": \"2026-06-01T11:00:00Z\"}\n").toString());
    assertThat(run().out()).contains("0 enrolled", "cdp workflow preview NAME PROFILE says why not");
    assertThat(cdp("workflow", "preview", "welcome", "p-1001").out()).contains("not entered: CONSENT_UNKNOWN");
  }

  @Test
  void previewSimulatesWithoutSending() throws IOException {
    Path workflow = file("welcome.json", WELCOME);
    cdp("workflow", "save", workflow.toString());

    Result preview = cdp("workflow", "preview", "welcome", "email:bob@example.com");

    assertThat(preview.exit()).as(preview.err()).isZero();
    assertThat(preview.out()).contains("would send email to bob@example.com: Hi Bob")
        .endsWith("ends completed, 1 send");
    assertThat(sends()).doesNotExist();
    assertThat(cdp("workflow", "preview", workflow.toString(), "p-1002", "--json").out())
        .contains("\"final_state\": \"completed\"");
  }

  @Test
  void broadcastEnrollsASegmentAndRunSends() throws IOException {
    cdp("workflow", "save", file("news.json", WELCOME.replace("welcome", "news")
        .replace("{\"type\": \"eventAdded\", \"eventType\": \"signup\"}", "{\"type\": \"broadcastOnly\"}")).toString());
    cdp("segment", "save", "adults", "age >= 21");
    cdp("group", "create", "vip");
    cdp("group", "add", "vip", "p-1002");

    Result broadcast = cdp("broadcast", "news", "--segment", "adults");
    Result toGroup = cdp("broadcast", "news", "--group", "vip", "--json");
    Result both = cdp("broadcast", "news", "--segment", "adults", "--group", "vip");

    assertThat(broadcast.out()).isEqualTo("broadcast news to segment adults: 2 members, 2 enrolled,"
        + " 0 refused (consent or re-entry); the steps run on the next cdp run");
    assertThat(toGroup.out()).isEqualTo("{\"workflow\": \"news\", \"group\": \"vip\", \"members\": 1,"
        + " \"enrolled\": 0, \"refused\": 1}");
    assertThat(both.exit()).isEqualTo(Cli.USAGE);
    assertThat(run().out()).contains("2 enrollments advanced");
    assertThat(Files.readAllLines(sends())).hasSize(2);
  }

  @Test
  void aFailedStepIsListedAndRetried() throws IOException {
    cdp("workflow", "save", file("hook.json", """
        {"name": "hook", "trigger": {"type": "broadcastOnly"}, "consent": {"ignoreConsent": true},
         "steps": [{"type": "httpCall", "id": "call", "method": "POST", "url": "https://crm.example.com/x"}]}
        """).toString());
    cdp("group", "create", "one");
    cdp("group", "add", "one", "p-1002");
    cdp("broadcast", "hook", "--group", "one");
    run();

    Result failed = cdp("workflow", "failed", "hook", "--json");

    assertThat(failed.out()).contains("\"profile_id\": \"p-1002\"", "\"state\": \"failed\"", "\"step\": \"call\"");
    String enrollment = failed.out().replaceAll(".*\"id\": \"([^\"]+)\".*", "$1");
    assertThat(cdp("workflow", "retry", enrollment).out())
        .isEqualTo("retrying " + enrollment + " at step call (attempt 2) on the next cdp run");
  }

  @Test
  void enableDisableAbortAndDelete_destructiveOnesNeedYes() throws IOException {
    cdp("workflow", "save", file("welcome.json", WELCOME).toString());

    assertThat(cdp("workflow", "disable", "welcome").out()).isEqualTo("disabled welcome");
    assertThat(cdp("workflow", "list").out()).contains("disabled");
    assertThat(cdp("workflow", "enable", "welcome").out()).isEqualTo("enabled welcome");
    Result unconfirmed = cdp("workflow", "delete", "welcome");
    assertThat(unconfirmed.exit()).isEqualTo(Cli.USAGE);
    assertThat(unconfirmed.err()).contains("add --yes to confirm");
    assertThat(cdp("workflow", "abort", "welcome", "--yes").out())
        .isEqualTo("aborted welcome: 0 enrollments cancelled");
    assertThat(cdp("workflow", "delete", "welcome", "--yes").out()).isEqualTo("deleted workflow welcome");
    Result gone = cdp("workflow", "show", "welcome");
    assertThat(gone.exit()).isEqualTo(Cli.FAILED);
    assertThat(gone.err()).contains("welcome");
  }

  @Test
  void aBadFileIsReportedWithItsNameOrItsProblems() throws IOException {
    Result missing = cdp("workflow", "save", dir.resolve("nope.json").toString());
    Result unknownField = cdp("workflow", "save", file("typo.json", WELCOME.replace("\"subject\"", "\"subjct\"")).toString());

    assertThat(missing.exit()).isEqualTo(Cli.FAILED);
    assertThat(missing.err()).isEqualTo("cdp: Invalid FILE: \"" + dir.resolve("nope.json") + "\" (no such file)");
    assertThat(unknownField.exit()).isEqualTo(Cli.FAILED);
    assertThat(unknownField.err()).contains("steps[0].subjct: unknown field");
  }
}
