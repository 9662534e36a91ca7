package io.cdpkit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdpkit.core.Cdp;
import io.cdpkit.core.Identify;
import io.cdpkit.core.Track;
import io.cdpkit.core.event.Event;
import io.cdpkit.core.event.TimelineQuery;
import io.cdpkit.core.identity.Identifier;
import io.cdpkit.core.profile.Profile;
import io.cdpkit.segments.Segments;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README quick start, kept compiling and true. */
final class QuickStartTest {

  @Test
  void quickStart_works() {
    try (Cdp cdp = Cdp.inMemory()) {
      Profile ann =
          cdp.identify(
              Identify.builder()
                  .email("Ann@Example.com")
                  .set("first_name", "Ann")
                  .set("age", 25)
                  .append("tags", "vip")
                  .build());

      Track purchase =
          Track.builder("purchase")
              .eventId("order-1001")
              .identifier(Identifier.email("ann@example.com"))
              .property("amount", 30)
              .build();
      cdp.track(purchase);
      cdp.track(purchase);

      List<Event> timeline = cdp.timeline(ann.id(), TimelineQuery.latest(10)).items();
      assertThat(timeline).extracting(Event::type).containsExactly("purchase");
      assertThat(timeline.get(0).properties().toJson()).isEqualTo("{\"amount\":30}");
      assertThat(ann.mainIdentifier("email")).contains(Identifier.email("ann@example.com"));

      try (Segments segments = Segments.attach(cdp)) {
        segments.save("under 30 with an email", "age < 30 and $identifier.email is not empty");
        segments.save("twice at the festival",
            "event \"ticket_bought\" at least 2 where festival = \"The Festival 2018\"");
        List<String> heard = new ArrayList<>();
        segments.subscribe(t -> heard.add(t.profileId() + " " + t.kind() + " " + t.segment()));
        long count = segments.count("under 30 with an email");
        assertThat(count).isEqualTo(1);
        assertThat(segments.explain(ann.id(), "twice at the festival").render()).contains("[count: 0]");
        for (int i = 0; i < 2; i++) {
          cdp.track(Track.builder("ticket_bought").profileId(ann.id())
              .property("festival", "The Festival 2018").build());
        }
        assertThat(heard).containsExactly(ann.id() + " ENTERED twice at the festival");
      }
    }
  }
}
