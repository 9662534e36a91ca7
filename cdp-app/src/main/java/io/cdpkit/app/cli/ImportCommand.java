package io.cdpkit.app.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdpkit.core.exchange.DataFormat;
import io.cdpkit.core.exchange.EventImporter;
import io.cdpkit.core.exchange.ImportOptions;
import io.cdpkit.core.exchange.ImportReport;
import io.cdpkit.core.exchange.ProfileImporter;
import io.cdpkit.core.exchange.RowError;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cdp import profiles|events FILE}: exits 1 when any row was rejected. */
@Command(name = "import", footer = {"",
        "Profile columns: name, email, phone_number, identifier with source (wa, ig, fb, line,"
            + " telegram, tiktok, custom, qiscus), channel_id, channel_name, id, created_at,"
            + " $identifier.TYPE; every other column is an attribute.",
        "Event columns: type, timestamp (ISO-8601), and profile_id or an identifier (email,"
            + " phone_number, $identifier.TYPE); every other column is a property.",
        "", "Examples:", "  cdp import profiles customers.csv --separator ';' --phone-region ID", "  cdp import events events.jsonl --strict"},
    description = "Import profiles or events from CSV or JSON Lines.")
final class ImportCommand extends Base {
  enum What { profiles, events }

  @Parameters(index = "0", paramLabel = "profiles|events", description = "What the file holds.")
  What what;

  @Parameters(index = "1", paramLabel = "FILE")
  Path file;

  @Option(names = "--format", paramLabel = "csv|jsonl",
      description = "The file format; by default .jsonl/.ndjson/.json mean JSON Lines, else CSV.")
  @Nullable String format;

  @Option(names = "--separator", paramLabel = ",|;", description = "The CSV separator; detected by default.")
  @Nullable Character separator;

  @Option(names = "--strict", description = "Store nothing when any row is bad.")
  boolean strict;

  @Option(names = "--batch-size", paramLabel = "N", description = "Rows per transaction. Default: ${DEFAULT-VALUE}.")
  int batchSize = ImportOptions.DEFAULT_BATCH_SIZE;

  @Option(names = "--phone-region", paramLabel = "REGION",
      description = "The country national phone numbers are read in (ISO 3166, such as ID or NL).")
  @Nullable String phoneRegion;

  @Override
  public Integer call() {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("no such file: " + file);
    }
    DataFormat chosen = format == null ? DataFormat.fromFileName(file.toString()) : parseFormat(format);
    try (Session session = root().open()) {
      ImportReport report = run(session, chosen);
      ObjectNode json = Json.object();
      json.put("rows_read", report.rowsRead());
      json.put("rows_stored", report.rowsStored());
      json.put("rows_duplicate", report.rowsDuplicate());
      json.put("rows_rejected", report.rowsRejected());
      ArrayNode errors = json.putArray("errors");
      StringBuilder text =
          new StringBuilder(
              String.format("%s: read %s, stored %d, duplicates %d, rejected %d", what,
                  Words.count(report.rowsRead(), "row", "rows"), report.rowsStored(),
                  report.rowsDuplicate(), report.rowsRejected()));
      for (RowError error : report.errors()) {
        errors.addObject().put("line", error.line()).put("reason", error.reason());
        text.append(System.lineSeparator()).append("  ").append(error);
      }
      print(json, text.toString());
      return report.ok() ? 0 : Cli.FAILED;
    }
  }

  private ImportReport run(Session session, DataFormat chosen) {
    try (Progress progress = Progress.start(root(), "import " + what, Progress.lines(file))) {
      ImportOptions.Builder options =
          ImportOptions.of(chosen).toBuilder()
              .separator(separator)
              .strict(strict)
              .batchSize(batchSize)
              .progress((read, stored, failed) -> progress.stepTo(read));
      if (phoneRegion != null) {
        options.phoneRegion(phoneRegion);
      }
      ImportReport report = what == What.profiles
          ? ProfileImporter.of(session.cdp).importFrom(file, options.build())
          : EventImporter.of(session.cdp).importFrom(file, options.build());
      // The bar's maximum counts lines (a header, quoted line breaks); the file is read whole now.
      progress.finish();
      return report;
    }
  }

  static DataFormat parseFormat(String format) {
    switch (format) {
      case "csv":
        return DataFormat.CSV;
      case "jsonl":
      case "json":
        return DataFormat.JSON_LINES;
      default:
        throw new IllegalArgumentException("--format must be csv or jsonl, was " + format);
    }
  }
}
