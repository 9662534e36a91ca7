package io.cdpkit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdpkit.core.Cdp;
import io.cdpkit.core.Identify;
import io.cdpkit.core.Track;
import io.cdpkit.core.event.Event;
import io.cdpkit.core.event.TimelineQuery;
import io.cdpkit.core.identity.Identifier;
import io.cdpkit.core.profile.Profile;
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
    }
  }
}
