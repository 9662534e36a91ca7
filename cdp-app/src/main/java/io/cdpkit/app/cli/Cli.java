package io.cdpkit.app.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdpkit.app.syncs.SyncDefinitions;
import io.cdpkit.core.CdpException;
import io.cdpkit.core.consent.PrivacyOptions;
import io.cdpkit.platform.CdpPlatform;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code cdp} command: global options (accepted before or after a subcommand's name) and the
 * error handling every command shares. Run {@link #main}; tests call {@link #commandLine()} and
 * {@code execute} with captured output. One command line per invocation; not thread-safe.
 */
@Command(
    name = "cdp",
    // Inherited, so that every command answers --help (cdp serve --help).
    scope = ScopeType.INHERIT,
    mixinStandardHelpOptions = true,
    version = "cdp 0.1.0",
    description = "CDPKit on an SQLite file or a PostgreSQL database: import, profiles, segments,"
        + " workflows, syncs, privacy, insights, and serve (the whole CDP as one process).",
    subcommands = {
      HelpCommand.class,
      ImportCommand.class,
      ExportCommand.class,
      ProfileCommand.class,
      SegmentCommand.class,
      GroupCommand.class,
      WorkflowCommand.class,
      RunCommand.class,
      BroadcastCommand.class,
      SyncCommand.class,
      MergeCommand.class,
      UnmergeCommand.class,
      ConsentCommand.class,
      GdprCommand.class,
      IdentifierCommand.class,
      IdentityCommand.class,
      InsightsCommand.class,
      ComputedCommand.class,
      PredictionsCommand.class,
      ServeCommand.class,
      DashboardCommand.class,
      DemoCommand.class
    })
public final class Cli implements Runnable {
  /** Exit code of a command that failed. */
  public static final int FAILED = 1;
  /** Exit code of a command line that does not parse. */
  public static final int USAGE = 2;

  @Spec CommandSpec spec;

  @Option(names = "--db", scope = ScopeType.INHERIT, paramLabel = "FILE|URL",
      description = "The SQLite file (created when missing), or a PostgreSQL database as"
          + " postgresql://user:password@host:port/database. Default: ${DEFAULT-VALUE}.")
  String db = "cdp.db";

  @Option(names = "--busy-timeout", scope = ScopeType.INHERIT, paramLabel = "MS",
      description = "How long to wait for a SQLite file that another process (a running serve)"
          + " is writing, in milliseconds. Default: ${DEFAULT-VALUE}.")
  long busyTimeoutMillis = 5_000;

  @Option(names = "--now", scope = ScopeType.INHERIT, paramLabel = "INSTANT",
      description = "Run as if the clock said this ISO-8601 instant (for reproducible runs).")
  @Nullable Instant now;

  @Option(names = "--zone", scope = ScopeType.INHERIT, paramLabel = "ZONE",
      description = "The time zone of days, weeks and months. Default: ${DEFAULT-VALUE}.")
  ZoneId zone = ZoneId.of("UTC");

  @Option(names = "--json", scope = ScopeType.INHERIT, description = "Print JSON instead of text.")
  boolean json;

  @Option(names = {"-q", "--quiet"}, scope = ScopeType.INHERIT,
      description = "No progress bars.")
  boolean quiet;

  public static void main(String[] args) {
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
    System.exit(commandLine().execute(args));
  }

  /** A fresh command line with the shared error handling. */
  public static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new Cli());
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    commandLine.registerConverter(Instant.class, text -> {
      try {
        return Instant.parse(text);
      } catch (DateTimeParseException e) {
        throw new CommandLine.TypeConversionException(
            "'" + text + "' is not an ISO-8601 instant such as 2026-06-01T12:00:00Z");
      }
    });
    commandLine.registerConverter(ZoneId.class, text -> {
      try {
        return ZoneId.of(text);
      } catch (DateTimeException e) {
        throw new CommandLine.TypeConversionException(
            "'" + text + "' is not a time zone such as UTC or Europe/Amsterdam");
      }
    });
    commandLine.setExecutionExceptionHandler(
        (exception, line, parseResult) -> {
          Cli root = (Cli) line.getCommandSpec().root().userObject();
          return fail(line, root.json, kind(exception), message(exception));
        });
    commandLine.setParameterExceptionHandler(
        (exception, args) -> {
          boolean json = Arrays.asList(args).contains("--json");
          CommandLine line = exception.getCommandLine();
          fail(line, json, "usage", oneLine(exception));
          if (!json) {
            line.getErr().println("Try '" + line.getCommandSpec().qualifiedName() + " --help'.");
          }
          return USAGE;
        });
    return commandLine;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The clock of this run: fixed at {@code --now}, else the system clock. */
  Clock clock() {
    return now != null ? Clock.fixed(now, zone) : Clock.system(zone);
  }

  /** Opens the database and the modules on it. */
  Session open() {
    return open(builder -> {});
  }

  /** Opens the database, the platform configured further by {@code configure}. */
  Session open(Consumer<CdpPlatform.Builder> configure) {
    return open(Session.PRIVACY, configure);
  }

  /** Opens the database with other privacy options than {@link Session#PRIVACY} (erasure). */
  Session open(PrivacyOptions privacy, Consumer<CdpPlatform.Builder> configure) {
    return Session.open(db, Duration.ofMillis(busyTimeoutMillis), clock(), zone, privacy, configure);
  }

  /**
   * Opens the database with the segment syncs that {@code sync add} kept (so that they run, and
   * their segments count as in use), the platform configured further by {@code configure}.
   */
  Session openWithSyncs(SyncsFileOption syncsFile, Consumer<CdpPlatform.Builder> configure) {
    SyncDefinitions syncs = SyncDefinitions.load(syncsFile.resolve(db));
    return Session.open(db, Duration.ofMillis(busyTimeoutMillis), clock(), zone, Session.PRIVACY, builder -> {
      syncs.applyTo(builder);
      configure.accept(builder);
    });
  }

  /** Prints an error: JSON on standard output with {@code --json}, else a line on standard error. */
  static int fail(CommandLine line, boolean json, String kind, String message) {
    if (json) {
      ObjectNode error = Json.object();
      error.put("error", message);
      error.put("kind", kind);
      line.getOut().println(Json.write(error));
      line.getOut().flush();
    } else {
      line.getErr().println("cdp: " + message);
      line.getErr().flush();
    }
    return FAILED;
  }

  /** The exception's kind in snake case: {@code ProfileNotFoundException} is {@code profile_not_found}. */
  static String kind(Throwable exception) {
    Class<?> type = exception.getClass();
    // The tool's own refinements report the kind of the library exception they refine.
    while (type.getPackageName().equals(Cli.class.getPackageName())) {
      type = type.getSuperclass();
    }
    String name = type.getSimpleName().replaceAll("Exception$", "");
    return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
  }

  /**
   * The exception's message: whole for the domain's own exceptions, whose further lines carry the
   * source line with a caret or one problem each; else its first line.
   */
  private static String message(Throwable exception) {
    String message = exception.getMessage() != null ? exception.getMessage() : exception.toString();
    if (exception instanceof CdpException) {
      return message;
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  private static String oneLine(Throwable exception) {
    String message = exception.getMessage() != null ? exception.getMessage() : exception.toString();
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
