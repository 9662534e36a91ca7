package io.cdpkit.app.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdpkit.app.syncs.SyncDefinitions;
import io.cdpkit.core.InvalidInputException;
import io.cdpkit.segments.activation.SegmentSync;
import io.cdpkit.segments.activation.SyncReport;
import io.cdpkit.segments.activation.SyncState;
import io.cdpkit.segments.activation.SyncStateStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cdp sync add|remove|run|status}: keep destinations (a directory of CSV files, a webhook)
 * in step with saved segments. {@code add} records the sync beside the database; {@code run} (and
 * {@code cdp run}) delivers what is due: the full membership once, then who entered and left.
 */
@Command(
    name = "sync",
    description = "Send a saved segment's members to a directory of CSV files or a webhook, then"
        + " who enters and leaves.",
    footer = {"", "Examples:", "  cdp sync add buyers --to file:exports", "  cdp sync run",
        "  cdp sync status"},
    subcommands = {SyncCommand.Add.class, SyncCommand.Remove.class, SyncCommand.Run.class,
        SyncCommand.Status.class})
final class SyncCommand {
  private SyncCommand() {}

  @Command(name = "add", description = "Sync a saved segment to a destination from now on.",
      footer = {"", "Examples:",
          "  cdp sync add buyers --to file:exports",
          "  cdp sync add buyers --to webhook:https://hooks.example.com/cdp --hash"})
  static final class Add extends Base {
    @Parameters(paramLabel = "SEGMENT", description = "A saved segment's name.")
    String segment;

    @Option(names = "--to", required = true, paramLabel = "file:DIR|webhook:URL",
        description = "A directory that receives SEGMENT.NAME.snapshot.csv and change files,"
            + " or an http(s) URL that receives JSON batches.")
    String to;

    @Option(names = "--name", paramLabel = "NAME",
        description = "The destination's name in file names and idempotency keys."
            + " Default: file or webhook.")
    @Nullable String name;

    @Option(names = "--identifier", paramLabel = "TYPE",
        description = "An identifier type sent per member; repeatable. Default: email.")
    List<String> identifiers = List.of("email");

    @Option(names = "--hash", description = "Send identifiers as their SHA-256 (for ad audiences).")
    boolean hash;

    @Mixin SyncsFileOption syncsFile = new SyncsFileOption();

    @Override
    public Integer call() {
      String target = to;
      if (to.startsWith("file:")) {
        target = "file:" + Path.of(to.substring("file:".length())).toAbsolutePath().normalize();
      } else if (!to.startsWith("webhook:")) {
        throw new InvalidInputException("--to", to, "must be file:DIRECTORY or webhook:URL");
      }
      String destination = name != null ? name : target.substring(0, target.indexOf(':'));
      SyncDefinitions.Definition definition =
          new SyncDefinitions.Definition(segment, destination, target, identifiers, hash);
      definition.build();
      SyncDefinitions kept = SyncDefinitions.load(syncsFile.resolve(root().db)).with(definition);
      try (Session session = root().open()) {
        session.segments.get(segment);
      }
      kept.save();
      ObjectNode json = Json.object().put("segment", segment).put("destination", destination)
          .put("to", target);
      return print(json, "syncing " + segment + " to " + destination + " (" + target + ");"
          + " cdp sync run or cdp run delivers it");
    }
  }

  @Command(name = "remove", description = "Stop syncing a segment to a destination.")
  static final class Remove extends Base {
    @Parameters(index = "0", paramLabel = "SEGMENT")
    String segment;

    @Parameters(index = "1", paramLabel = "DESTINATION", description = "The destination's name.")
    String destination;

    @Mixin SyncsFileOption syncsFile = new SyncsFileOption();

    @Override
    public Integer call() {
      SyncDefinitions.load(syncsFile.resolve(root().db)).without(segment, destination).save();
      return print(Json.object().put("removed", segment + " -> " + destination),
          "no longer syncing " + segment + " to " + destination);
    }
  }

  @Command(name = "run", description = "Deliver every sync batch that is due now, then exit.")
  static final class Run extends Base {
    @Mixin SyncsFileOption syncsFile = new SyncsFileOption();

    @Override
    public Integer call() {
      try (Session session = root().openWithSyncs(syncsFile, builder -> {})) {
        SyncReport report = session.platform.sync()
            .map(sync -> sync.runDue(root().clock().instant()))
            .orElse(SyncReport.EMPTY);
        return print(json(report), text(report));
      }
    }
  }

  static ObjectNode json(SyncReport report) {
    return Json.object().put("batches", report.batches()).put("added", report.added())
        .put("removed", report.removed()).put("failures", report.failures());
  }

  static String text(SyncReport report) {
    return "sync: " + Words.count(report.batches(), "batch", "batches") + " delivered, "
        + report.added() + " added, " + report.removed() + " removed, "
        + Words.count(report.failures(), "failure", "failures");
  }

  @Command(name = "status", description = "Every sync with where it stands.")
  static final class Status extends Base {
    @Mixin SyncsFileOption syncsFile = new SyncsFileOption();

    @Override
    public Integer call() {
      SyncDefinitions kept = SyncDefinitions.load(syncsFile.resolve(root().db));
      try (Session session = root().openWithSyncs(syncsFile, builder -> {})) {
        ObjectNode json = Json.object();
        ArrayNode syncs = json.putArray("syncs");
        StringBuilder text = new StringBuilder();
        SyncStateStore store = session.storage.syncStateStore();
        for (SyncDefinitions.Definition definition : kept.list()) {
          SegmentSync sync = session.platform.sync().orElseThrow();
          SyncState state = sync.state(definition.segment(), definition.destination());
          long held = store.countSyncedMembers(definition.segment(), definition.destination());
          String status = state.status().name().toLowerCase(Locale.ROOT);
          ObjectNode node = syncs.addObject()
              .put("segment", definition.segment())
              .put("destination", definition.destination())
              .put("to", definition.to())
              .put("status", status)
              .put("snapshot_complete", state.snapshotComplete())
              .put("members_sent", held)
              .put("batches_acknowledged", state.acknowledgedSequence());
          if (state.failure() != null) {
            node.put("failure", state.failure());
          }
          text.append(String.format("%s -> %s (%s): %s, %s sent, %s acknowledged%s%n",
              definition.segment(), definition.destination(), definition.to(), status,
              Words.count(held, "member", "members"),
              Words.count(state.acknowledgedSequence(), "batch", "batches"),
              state.failure() == null ? "" : ": " + state.failure()));
        }
        text.append(Words.count(kept.list().size(), "sync", "syncs"));
        return print(json, text.toString());
      }
    }
  }
}
