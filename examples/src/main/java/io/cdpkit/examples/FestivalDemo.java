package io.cdpkit.examples;

import io.cdpkit.core.Cdp;
import io.cdpkit.core.event.Event;
import io.cdpkit.core.event.EventTypeCount;
import io.cdpkit.core.event.TimelineQuery;
import io.cdpkit.core.identity.Identifier;
import io.cdpkit.core.identity.ProfileIdentifier;
import io.cdpkit.core.profile.Profile;
import io.cdpkit.segments.Segments;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;

/**
 * The festival demo: a few hundred ticket buyers, scanned tickets and bar purchases stream into a
 * Cdp, which then answers questions about them. Run it with {@code mvn -q -pl examples -am compile
 * exec:java}.
 */
public final class FestivalDemo {
  static final int CUSTOMERS = 300;
  static final long SEED = 2018;
  /** The demo's "now": the evening of the festival's first day. */
  static final Instant NOW = Instant.parse("2018-07-13T21:00:00Z");

  private final PrintStream out;

  FestivalDemo(PrintStream out) {
    this.out = out;
  }

  public static void main(String[] args) {
    new FestivalDemo(System.out).run();
  }

  void run() {
    try (Cdp cdp =
            Cdp.builder()
                .clock(Clock.fixed(NOW, ZoneId.of("UTC")))
                .zone(ZoneId.of("Europe/Amsterdam"))
                .build();
        Segments segments = Segments.attach(cdp)) {
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
