package io.cdpkit.examples;

import io.cdpkit.core.Cdp;
import io.cdpkit.core.Track;
import io.cdpkit.core.identity.Identifier;
import io.cdpkit.segments.Segments;
import io.cdpkit.segments.SegmentSummary;
import java.io.PrintStream;

/**
 * The segments part of the demo: two segments from the product guides, their counts, why one
 * visitor is in or out, and a live entry as a visitor buys a second ticket.
 */
final class SegmentStory {
  static final String UNDER_30 = "under 30 with an email";
  static final String TWICE = "bought a ticket for The Festival 2018 at least twice";

  private final Cdp cdp;
  private final Segments segments;
  private final PrintStream out;

  SegmentStory(Cdp cdp, Segments segments, PrintStream out) {
    this.cdp = cdp;
    this.segments = segments;
    this.out = out;
  }

  void run(String visitorEmail) {
    out.println();
    out.println("== Segments");
    saveOrUpdate(UNDER_30, "age < 30 and $identifier.email is not empty");
    saveOrUpdate(TWICE, "event \"ticket_bought\" at least 2 where festival = \"The Festival 2018\"");
    for (SegmentSummary summary : segments.list()) {
      out.printf("%-55s %4d  %s%n", summary.segment().name(), summary.members(), summary.segment().expression());
    }
    String visitor = cdp.findProfile(Identifier.email(visitorEmail)).orElseThrow().id();
    out.println("why " + visitorEmail + " is out of '" + TWICE + "':");
    out.print(segments.explain(visitor, TWICE).render().indent(2));
    String member = segments.members(TWICE, 1, null).items().get(0);
    out.println("why member " + member + " is in:");
    out.print(segments.explain(member, TWICE).render().indent(2));
    segments.subscribe(t -> out.println("live: " + t.profileId() + " " + t.kind() + " '" + t.segment() + "' (" + t.cause() + ")"));
    String onceBuyer = firstBuyerWithOneTicket();
    if (onceBuyer != null) {
      cdp.track(Track.builder("ticket_bought").profileId(onceBuyer).eventId("demo-second-ticket")
          .property("festival", FestivalData.FESTIVAL).property("price", 89.5).build());
    }
    out.printf("'%s' now has %d members%n", TWICE, segments.count(TWICE));
  }

  /** A second run on the same store finds the segments saved already. */
  private void saveOrUpdate(String name, String expression) {
    if (segments.find(name).isPresent()) {
      segments.update(name, expression, null);
    } else {
      segments.save(name, expression);
    }
  }

  private String firstBuyerWithOneTicket() {
    for (String id : segments.matching("event \"ticket_bought\" exactly 1")) {
      return id;
    }
    return null;
  }
}
