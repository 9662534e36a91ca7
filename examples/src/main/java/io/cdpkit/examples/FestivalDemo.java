package io.cdpkit.examples;

import io.cdpkit.core.Cdp;
import io.cdpkit.core.event.Event;
import io.cdpkit.core.event.EventTypeCount;
import io.cdpkit.core.event.TimelineQuery;
import io.cdpkit.core.identity.Identifier;
import io.cdpkit.core.identity.ProfileIdentifier;
import io.cdpkit.core.profile.Profile;
import io.cdpkit.core.testing.TestClock;
import io.cdpkit.platform.CdpPlatform;
import io.cdpkit.platform.memory.InMemoryPlatformStorage;
import io.cdpkit.platform.spi.PlatformStorage;
import io.cdpkit.segments.Segments;
import io.cdpkit.storage.postgres.PostgresStorage;
import io.cdpkit.storage.sqlite.SqliteStorage;
import io.cdpkit.workflows.channel.ConsoleEmailSender;
import io.cdpkit.workflows.channel.ConsoleMessageSender;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;

/**
 * The festival demo: a few hundred ticket buyers, scanned tickets and bar purchases stream into a
 * {@link CdpPlatform} on an embedded SQLite file, which then answers questions about them. Run it with {@code mvn
 * -q -pl examples -am package -DskipTests -Pdemo}; arguments {@code --db PATH} (default {@value
 * #DEFAULT_DB}), {@code --db postgresql://user:password@host/database} for a PostgreSQL database,
 * or {@code --in-memory}. Every write is idempotent, so a second run on the same database reopens
 * the same data.
 */
public final class FestivalDemo {
  static final int CUSTOMERS = 300;
  static final long SEED = 2018;
  /** The demo's "now": the evening of the festival's first day; the workflow part moves on from it. */
  static final Instant NOW = Instant.parse("2018-07-13T21:00:00Z");

  static final String DEFAULT_DB = "cdp-demo.db";

  private final PrintStream out;

  FestivalDemo(PrintStream out) {
    this.out = out;
  }

  public static void main(String[] args) {
    String location;
    if (args.length == 1 && args[0].equals("--in-memory")) {
      location = null;
    } else if (args.length == 2 && args[0].equals("--db")) {
      location = args[1];
    } else if (args.length == 0) {
      location = DEFAULT_DB;
    } else {
      System.err.println("usage: FestivalDemo [--db FILE|postgresql://URL | --in-memory]");
      System.exit(2);
      return;
    }
    PlatformStorage storage = location == null ? InMemoryPlatformStorage.create() : open(location);
    Path activation = location == null || PostgresStorage.isUrl(location)
        ? temporaryDirectory()
        : siblingDirectory(Path.of(location));
    new FestivalDemo(System.out).run(storage, activation);
  }

  /** A PostgreSQL database for a {@code postgresql://} URL, else a SQLite file. */
  static PlatformStorage open(String location) {
    return PostgresStorage.isUrl(location)
        ? PostgresStorage.open(location)
        : SqliteStorage.open(Path.of(location));
  }

  /** Where the file destination writes beside a SQLite file. */
  private static Path siblingDirectory(Path file) {
    Path absolute = file.toAbsolutePath();
    try {
      return Files.createDirectories(absolute.resolveSibling(absolute.getFileName() + ".activation"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the activation directory", e);
    }
  }

  private static Path temporaryDirectory() {
    try {
      return Files.createTempDirectory("cdp-demo-activation");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the activation directory", e);
    }
  }

  /** Runs the story on {@code storage}, with the file destination in a temporary directory. */
  void run(PlatformStorage storage) {
    run(storage, temporaryDirectory());
  }

  /** Runs the story on {@code storage}: the whole platform, composed once, on the demo's clock. */
  void run(PlatformStorage storage, Path activationDirectory) {
    try (CdpPlatform platform = CdpPlatform.builder()
        .storage(storage)
        .clock(TestClock.at(NOW))
        .zone(ZoneId.of("Europe/Amsterdam"))
        .emailSender(new ConsoleEmailSender(out))
        .messageSender(new ConsoleMessageSender(out))
        .build()) {
      Cdp cdp = platform.cdp();
      Segments segments = platform.segments();
      out.println("store: " + storage + (cdp.countProfiles() > 0 ? ", reopened with " + cdp.countProfiles() + " profiles" : ", new"));
      FestivalData data = new FestivalData(SEED, CUSTOMERS);
      cdp.identifyAll(data.identifies());
      cdp.trackAll(data.tracks());
      section("The festival in numbers");
      out.printf("profiles: %d%nevents:   %d%n", cdp.countProfiles(), cdp.countEvents());
      section("Event types");
      for (EventTypeCount type : cdp.eventTypes()) {
        out.printf("%-16s %5d%n", type.type(), type.count());
      }
      section("One visitor");
      printProfile(cdp, cdp.findProfile(Identifier.email(FestivalData.email(data.barVisitor()))).orElseThrow());
      new IdentityStory(cdp, out).run();
      new ConsentStory(cdp, out).run(FestivalData.email(data.barVisitor()));
      new SegmentStory(cdp, segments, out).run(FestivalData.email(data.barVisitor()));
      new ActivationStory(cdp, segments, out, activationDirectory).run();
      new WorkflowStory(platform, out).run();
      out.println();
      out.printf("stored: %d profiles, %d events in %s%n", cdp.countProfiles(), cdp.countEvents(), storage);
    }
  }

  private void printProfile(Cdp cdp, Profile profile) {
    out.println("id:          " + profile.id());
    out.println("attributes:  " + profile.attributes().toJson());
    for (ProfileIdentifier identifier : profile.identifiers()) {
      out.println("identifier:  " + identifier.identifier() + " (last seen " + identifier.lastSeen() + ")");
    }
    out.println("timeline, newest first:");
    for (Event event : cdp.timeline(profile.id(), TimelineQuery.latest(10)).items()) {
      out.printf("  %s  %-15s %s%n", event.timestamp(), event.type(), event.properties().toJson());
    }
  }

  private void section(String title) {
    out.println();
    out.println("== " + title);
  }
}
