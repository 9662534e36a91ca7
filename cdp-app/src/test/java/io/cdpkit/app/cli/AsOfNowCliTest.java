package io.cdpkit.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
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
  void gdprExport_hasTheWorkflowsSection() {
    assertThat(cdp("gdpr", "export", "p-1001").out()).contains("\"workflows\"").contains("\"segments\"");
  }
}
