package io.cdpkit.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * CLI.md's "From an empty file to a workflow and a sync", step by step on a new SQLite file: import,
 * a saved segment, a workflow that sends on an imported event via {@code cdp run}, a file sync.
 */
final class NewcomerWalkthroughTest extends CliTestBase {

  @Test
  void fromAnEmptyFileToAWorkflowAndASync() throws IOException {
    db = dir.resolve("new.db").toString();
    Path people = file("people.csv", "name,email,age\nAnn,ann@example.com,25\nBob,bob@example.com,40\n");
    Path welcome = file("welcome.json", """
        {"name": "welcome", "trigger": {"type": "eventAdded", "eventType": "signup"},
         "consent": {"ignoreConsent": true},
         "steps": [{"type": "sendEmail", "id": "hello", "templateId": "welcome",
           "addressProperty": "$identifier.email", "subject": "Hi {{first_name}}", "textBody": "Welcome",
           "tags": [{"name": "first_name", "source": "name", "default": "there"}]}]}
        """);
    Path signups = file("signups.csv", "email,type,timestamp\nann@example.com,signup,2026-06-01T10:00:00Z\n");
    Path sends = dir.resolve("cdp-sends.jsonl");
    Path exports = dir.resolve("exports");

    assertThat(cdp("import", "profiles", people.toString()).exit()).isZero();
    assertThat(cdp("segment", "save", "adults", "age >= 21").out()).isEqualTo("saved adults with 2 members");
    assertThat(cdp("workflow", "save", welcome.toString()).out()).isEqualTo("saved workflow welcome version 1 (enabled)");
    assertThat(cdp("import", "events", signups.toString()).exit()).isZero();
    Result run = cdp("run", "--sends-file", sends.toString());
    assertThat(cdp("sync", "add", "adults", "--to", "file:" + exports).exit()).isZero();
    Result second = cdp("run", "--sends-file", sends.toString());

    assertThat(run.out()).contains("1 enrolled");
    assertThat(Files.readAllLines(sends)).singleElement().asString()
        .contains("\"to\":\"ann@example.com\"", "\"subject\":\"Hi Ann\"");
    assertThat(second.out()).endsWith("sync: 1 batch delivered, 2 added, 0 removed, 0 failures");
    assertThat(Files.readAllLines(exports.resolve("adults.file.snapshot.csv"))).hasSize(3);
    // A newcomer looks Ann up by her address, as it was imported, before learning type:value.
    assertThat(cdp("profile", "show", "ann@example.com").out()).contains("name         Ann");
    assertThat(cdp("profile", "show", "nobody@example.com").err())
        .contains("No profile found for nobody@example.com");
  }
}
