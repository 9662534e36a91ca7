package io.cdpkit.app.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdpkit.core.exchange.DataFormat;
import io.cdpkit.core.exchange.EventExporter;
import io.cdpkit.core.exchange.ExportOptions;
import io.cdpkit.core.exchange.ProfileExporter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cdp export profiles|events}: every profile, or the events of some types in a time range,
 * to CSV or JSON Lines; JSON Lines files import again with {@code cdp import}.
 */
@Command(
    name = "export",
    description = "Write every profile, or events, to a CSV or JSON Lines file (JSON Lines imports again).",
    footer = {"", "Examples:", "  cdp export profiles --out all.jsonl",
        "  cdp export profiles --out people.csv --columns 'id,$identifier.email,age'",
        "  cdp export events --out may.csv --type purchase --from 2026-05-01T00:00:00Z",
        "  cdp export events --out may.csv --columns id,profile_id,timestamp,amount"},
    subcommands = {ExportCommand.Profiles.class, ExportCommand.Events.class})
final class ExportCommand {
  private ExportCommand() {}

  /** What both subcommands take: the file, its format and its CSV columns. */
  abstract static class ToFile extends Base {
    @Option(names = "--out", required = true, paramLabel = "FILE")
    Path file;

    @Option(names = "--format", paramLabel = "csv|jsonl", description = "By default from the file name.")
    @Nullable String format;

    @Option(names = "--columns", split = ",", paramLabel = "COLUMN", description = "CSV columns; see the examples.")
    List<String> columns = List.of();

    abstract long write(Session session, Writer out, ExportOptions options);

    abstract String what();

    @Override
    public Integer call() {
      DataFormat chosen = format == null
          ? DataFormat.fromFileName(file.toString()) : ImportCommand.parseFormat(format);
      try (Session session = root().open()) {
        long written;
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
          written = write(session, out, ExportOptions.of(chosen).withColumns(columns));
        } catch (IOException e) {
          throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
        ObjectNode json = Json.object().put("exported", written).put("file", file.toString());
        return print(json, "exported " + Words.count(written, what(), what() + "s") + " to " + file);
      }
    }
  }

  @Command(name = "profiles", description = "Every profile, by id. CSV columns: id, $created_at,"
      + " $updated_at, $identifier.TYPE or an attribute name.")
  static final class Profiles extends ToFile {
    @Override
    long write(Session session, Writer out, ExportOptions options) {
      return ProfileExporter.of(session.cdp).exportAll(out, options);
    }

    @Override
    String what() {
      return "profile";
    }
  }

  @Command(name = "events", description = "Events, each profile's oldest first. CSV columns: id,"
      + " profile_id, type, timestamp, source, $identifier.TYPE or a property name.")
  static final class Events extends ToFile {
    @Option(names = "--type", paramLabel = "TYPE", description = "Only events of this type; repeatable.")
    Set<String> types = Set.of();

    @Option(names = "--from", paramLabel = "INSTANT", description = "Only events at or after this instant.")
    @Nullable Instant from;

    @Option(names = "--to", paramLabel = "INSTANT", description = "Only events before this instant.")
    @Nullable Instant to;

    @Override
    long write(Session session, Writer out, ExportOptions options) {
      return EventExporter.of(session.cdp).export(out, types, from, to, options);
    }

    @Override
    String what() {
      return "event";
    }
  }
}
