package io.cdpkit.app.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdpkit.app.serve.Senders;
import io.cdpkit.app.serve.ServeConfig;
import io.cdpkit.platform.DueWorkReport;
import io.cdpkit.segments.RefreshResult;
import io.cdpkit.workflows.RunReport;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code cdp run}: one round of the due work {@code cdp serve} runs on a schedule (segment
 * refresh, workflow triggers and steps, segment syncs) as of {@code --now}, then exit: for cron
 * jobs and for trying a workflow by hand.
 */
@Command(name = "run",
    description = {"Run everything due now once, as cdp serve would on its schedule, print what it"
        + " did and exit: segment time windows, workflow triggers and steps (sending with the"
        + " senders of cdp serve's settings), and segment syncs."},
    footer = {"", "Examples:",
        "  cdp run                         # sends go to cdp-sends.jsonl without SMTP",
        "  cdp --now 2026-06-03T09:00:00Z run --sends-file sends.jsonl",
        "  CDP_SMTP_HOST=smtp.example.com cdp run"})
final class RunCommand extends Base {
  @Option(names = "--config", paramLabel = "FILE",
      description = "A properties file of settings, as cdp serve reads it (smtp.*, sends.file,"
          + " http.allowed_hosts); CDP_* environment variables win.")
  @Nullable Path config;

  @Option(names = "--sends-file", paramLabel = "FILE",
      description = "Where emails (without smtp.host) and messages are written, one JSON line each."
          + " Default: sends.file, else cdp-sends.jsonl.")
  @Nullable Path sendsFile;

  @Mixin SyncsFileOption syncsFile = new SyncsFileOption();

  @Override
  public Integer call() {
    ServeConfig settings = ServeConfig.load(config, System.getenv());
    if (sendsFile != null) {
      settings = settings.with("sends.file", sendsFile.toString());
    }
    Senders senders = Senders.from(settings, root().clock());
    try (Session session = root().openWithSyncs(syncsFile, builder -> builder
        .emailSender(senders.email())
        .messageSender(senders.messages())
        .httpClient(senders.http()))) {
      DueWorkReport report = session.platform.runDue(root().clock().instant());
      RefreshResult refresh = report.refresh();
      RunReport workflows = report.workflows();
      ObjectNode json = Json.object().put("now", refresh.now().toString());
      json.putObject("segments").put("checked", refresh.checked()).put("entered", refresh.entered())
          .put("exited", refresh.exited());
      json.putObject("workflows").put("signals", workflows.signals())
          .put("enrolled", workflows.enrolled()).put("advanced", workflows.advanced());
      report.sync().ifPresent(sync -> json.set("sync", SyncCommand.json(sync)));
      json.put("sends", senders.description());
      // To the second: the clock's nanoseconds say nothing to a reader.
      StringBuilder text = new StringBuilder("ran due work as of ")
          .append(refresh.now().truncatedTo(ChronoUnit.SECONDS))
          .append(System.lineSeparator())
          .append("segments: ").append(refresh.checked()).append(" checked, ")
          .append(refresh.entered()).append(" entered, ").append(refresh.exited()).append(" exited")
          .append(System.lineSeparator())
          .append("workflows: ").append(Words.count(workflows.signals(), "signal", "signals"))
          .append(", ").append(workflows.enrolled()).append(" enrolled, ")
          .append(Words.count(workflows.advanced(), "enrollment", "enrollments")).append(" advanced (")
          .append(senders.description()).append(')');
      if (workflows.signals() > workflows.enrolled()) {
        text.append(System.lineSeparator()).append("  (a signal enrolls a profile when it matches a"
            + " workflow's trigger and the profile may enter: consent, re-entry;"
            + " cdp workflow preview NAME PROFILE says why not)");
      }
      report.sync().ifPresent(sync -> text.append(System.lineSeparator()).append(SyncCommand.text(sync)));
      return print(json, text.toString());
    }
  }
}
