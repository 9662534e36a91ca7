package io.cdpkit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdpkit.core.Cdp;
import io.cdpkit.core.Identify;
import io.cdpkit.core.Track;
import io.cdpkit.core.event.Event;
import io.cdpkit.core.event.TimelineQuery;
import io.cdpkit.core.identity.Identifier;
import io.cdpkit.core.profile.Profile;
import io.cdpkit.core.testing.TestClock;
import io.cdpkit.platform.CdpPlatform;
import io.cdpkit.segments.Segments;
import io.cdpkit.storage.sqlite.SqliteStorage;
import io.cdpkit.workflows.testing.RecordingEmailSender;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

  @Test
  void platform_wiresEveryModuleInOneBuilderLine(@TempDir Path dir) {
    RecordingEmailSender smtp = new RecordingEmailSender();
    try (CdpPlatform platform = CdpPlatform.builder()
        .storage(SqliteStorage.open(dir.resolve("cdp.db")))
        .clock(TestClock.at(Instant.parse("2026-06-15T12:00:00Z"))).zone(ZoneId.of("Europe/Amsterdam"))
        .emailSender(smtp)
        .build()) {
      platform.segments().save("recent", "event \"purchase\" in the last 7 days");
      platform.cdp().identify(Identify.builder().profileId("ann").build());
      platform.cdp().track(Track.builder("purchase").profileId("ann").build());
      platform.start(Duration.ofSeconds(10));

      assertThat(platform.segments().count("recent")).isEqualTo(1);
      assertThat(platform.runDue(Instant.parse("2026-06-23T12:00:00Z")).refresh().exited()).isEqualTo(1);
    }
  }
}
