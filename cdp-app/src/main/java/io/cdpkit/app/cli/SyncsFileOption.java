package io.cdpkit.app.cli;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** The {@code --syncs-file} option of the commands that read the syncs {@code sync add} keeps. */
final class SyncsFileOption {
  @Option(names = "--syncs-file", paramLabel = "FILE",
      description = "Where the syncs are kept. Default: beside a SQLite file (DB.syncs.json),"
          + " for PostgreSQL cdp.syncs.json in the working directory.")
  @Nullable Path file;

  /** The file given, else the default for database {@code db}. */
  Path resolve(String db) {
    return file != null ? file : StorageLocation.besideDatabase(db, ".syncs.json");
  }
}
