package io.cdpkit.examples;

import io.cdpkit.core.Cdp;
import io.cdpkit.core.event.Event;
import io.cdpkit.core.event.EventTypeCount;
import io.cdpkit.core.event.TimelineQuery;
import io.cdpkit.core.identity.Identifier;
import io.cdpkit.core.identity.ProfileIdentifier;
import io.cdpkit.core.profile.Profile;
import io.cdpkit.core.spi.Storage;
import io.cdpkit.core.storage.memory.InMemoryStorage;
import io.cdpkit.core.testing.TestClock;
import io.cdpkit.segments.Segments;
import io.cdpkit.workflows.memory.InMemoryEnrollmentStore;
import io.cdpkit.workflows.spi.EnrollmentStore;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

/**
 * The festival demo: a few hundred ticket buyers, scanned tickets and bar purchases stream into a
 * Cdp on an embedded SQLite file, which then answers questions about them. Run it with {@code mvn
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
    Storage storage;
    if (args.length == 1 && args[0].equals("--in-memory")) {
      storage = InMemoryStorage.create();
    } else if (args.length == 2 && args[0].equals("--db")) {
      storage = Database.open(args[1]).storage();
    } else if (args.length == 0) {
      storage = Database.open(DEFAULT_DB).storage();
    } else {
      System.err.println("usage: FestivalDemo [--db FILE|postgresql://URL | --in-memory]");
      System.exit(2);
      return;
    }
    new FestivalDemo(System.out).run(storage);
  }

  /** On a database, segments and groups live beside the profiles and counts run as SQL. */
  private static Segments segmentsOn(Cdp cdp, Storage storage) {
    return Database.of(storage).map(db -> db.segments(cdp)).orElseGet(() -> Segments.attach(cdp));
  }

  /** On a database, workflow enrollments and sends live beside the profiles. */
  private static EnrollmentStore enrollmentsOn(Storage storage) {
    return Database.of(storage).map(Database::enrollmentStore)
        .orElseGet(InMemoryEnrollmentStore::new);
  }

  /** Where the file destination writes: beside the SQLite file, or a temporary directory. */
  private static Path activationDirectory(Storage storage) {
    try {
      Optional<Path> file = Database.of(storage).flatMap(Database::file);
      if (file.isPresent()) {
        Path absolute = file.get().toAbsolutePath();
        return Files.createDirectories(absolute.resolveSibling(absolute.getFileName() + ".activation"));
      }
      return Files.createTempDirectory("cdp-demo-activation");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the activation directory", e);
    }
  }

  void run(Storage storage) {
    try (Cdp cdp =
            Cdp.builder()
                .storage(storage)
                .clock(TestClock.at(NOW))
                .zone(ZoneId.of("Europe/Amsterdam"))
                .build();
        Segments segments = segmentsOn(cdp, storage)) {
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
      new ActivationStory(cdp, segments, out, activationDirectory(storage)).run();
      new WorkflowStory(cdp, segments, out, enrollmentsOn(storage)).run();
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
