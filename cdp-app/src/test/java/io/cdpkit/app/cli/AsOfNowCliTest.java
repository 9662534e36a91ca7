package io.cdpkit.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdpkit.core.Track;
import io.cdpkit.core.consent.ConsentChange;
import io.cdpkit.core.profile.ConsentStatus;
import io.cdpkit.core.testing.TestClock;
import io.cdpkit.platform.CdpPlatform;
import io.cdpkit.storage.sqlite.SqliteStorage;
import io.cdpkit.workflows.Step;
import io.cdpkit.workflows.Trigger;
import io.cdpkit.workflows.Workflow;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * One-shot commands answer as of {@code --now}: a saved time-window segment gives the ad-hoc
 * answer at each instant (issue 18), and workflow data goes with a GDPR erasure.
 */
final class AsOfNowCliTest extends CliTestBase {
  private static final String RECENT = "event \"purchase\" in the last 7 days";
  private static final String WEEK_LATER = "2026-06-10T00:00:00Z";

  Result cdpAt(String now, String... args) {
    CommandLine line = Cli.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    line.setOut(new PrintWriter(out));
    line.setErr(new PrintWriter(err));
    List<String> all = new ArrayList<>(List.of("--db", db, "--now", now));
    all.addAll(List.of(args));
    int exit = line.execute(all.toArray(String[]::new));
    return new Result(exit, out.toString().strip(), err.toString().strip());
  }

  @Test
  void windowSegment_givesTheAdHocAnswerAtEachInstant() throws IOException {
    assertThat(cdp("segment", "save", "recent", RECENT).exit()).isZero();
    assertThat(cdp("segment", "count", "recent").out()).isEqualTo(cdp("segment", "count", RECENT).out())
        .isEqualTo("1");
    assertThat(cdp("profile", "show", "p-1001", "--json").out()).contains("\"segments\": [\"recent\"]");

    assertThat(cdpAt(WEEK_LATER, "segment", "count", RECENT).out()).isEqualTo("0");
    assertThat(cdpAt(WEEK_LATER, "segment", "count", "recent").out()).isEqualTo("0");
    assertThat(cdpAt(WEEK_LATER, "segment", "members", "recent", "--json").out())
        .isEqualTo("{\"count\": 0, \"members\": []}");
    assertThat(cdpAt(WEEK_LATER, "segment", "explain", "recent", "p-1001").out()).startsWith("false");
    assertThat(cdpAt(WEEK_LATER, "profile", "show", "p-1001", "--json").out())
        .contains("\"segments\": []");
    Path out = dir.resolve("recent.csv");
    assertThat(cdpAt(WEEK_LATER, "segment", "export", "recent", "--out", out.toString(), "--columns", "id").out())
        .isEqualTo("exported 0 profiles to " + out);
    assertThat(Files.readString(out)).isEqualTo("id\n");
  }

  @Test
  void gdprErase_removesTheWorkflowEnrollments() {
    Instant now = Instant.parse(NOW);
    try (CdpPlatform platform = CdpPlatform.builder().storage(SqliteStorage.open(Path.of(db)))
        .clock(TestClock.at(now)).build()) {
      platform.workflows().save(Workflow.builder("follow-up").trigger(Trigger.eventAdded("purchase"))
          .step(Step.waitFor("pause", Duration.ofDays(1))).build());
      platform.cdp().recordConsent("p-1001", ConsentChange.of("email", ConsentStatus.GRANTED, now, "signup"));
      platform.cdp().track(Track.builder("purchase").eventId("e-9").profileId("p-1001").build());
      platform.runDue(now);
      assertThat(platform.workflows().enrollmentsOf("p-1001")).hasSize(1);
    }
    assertThat(cdp("gdpr", "export", "p-1001").out()).contains("follow-up");

    assertThat(cdp("gdpr", "erase", "p-1001", "--yes").exit()).isZero();

    try (CdpPlatform platform = CdpPlatform.builder().storage(SqliteStorage.open(Path.of(db))).build()) {
      assertThat(platform.workflows().enrollmentsOf("p-1001")).isEmpty();
      assertThat(platform.workflows().enrollments("follow-up")).isEmpty();
    }
  }

  @Test
  void gdprExport_hasTheWorkflowsSection() {
    assertThat(cdp("gdpr", "export", "p-1001").out()).contains("\"workflows\"").contains("\"segments\"")
        .contains("\"sync\"");
  }
}
