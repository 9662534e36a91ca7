package io.cdpkit.segments.internal.membership;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdpkit.core.Cdp;
import io.cdpkit.core.Identify;
import io.cdpkit.core.Track;
import io.cdpkit.core.testing.TestClock;
import io.cdpkit.segments.Segments;
import io.cdpkit.segments.spi.SegmentQueries;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A saved segment whose answer cannot change with time alone takes its members from the store's
 * one query; one whose window moves with now is evaluated per profile, which schedules checks.
 */
final class StoreAnsweredSaveTest {
  private static final Instant T0 = Instant.parse("2026-06-15T12:00:00Z");
  private final Cdp cdp = Cdp.builder().clock(TestClock.at(T0)).build();
  private final List<String> asked = new ArrayList<>();
  private final SegmentQueries queries = query -> {
    asked.add(query.expr().toString());
    return Optional.empty();
  };
  private final Segments segments = Segments.builder(cdp).queries(queries).build();

  @AfterEach
  void close() {
    segments.close();
    cdp.close();
  }

  @Test
  @DisplayName("event counts over anytime, on, after and between dates are asked of the store")
  void fixedWindows() {
    String id = cdp.identify(Identify.builder().email("a@example.com").build()).id();
    cdp.track(Track.builder("purchase").profileId(id).timestamp(T0.minusSeconds(60)).build());
    for (String expression : List.of("event \"purchase\"", "event \"purchase\" at least 2 on 2026-06-15",
        "event \"purchase\" after 2026-06-01", "event \"purchase\" between 2026-06-01 and 2026-06-20")) {
      asked.clear();
      segments.save("s", expression);
      assertThat(asked).as(expression).hasSize(1);
      segments.delete("s");
    }
    segments.save("s", "event \"purchase\"");
    assertThat(segments.members("s", 10, null).items()).containsExactly(id);
  }

  @Test
  @DisplayName("event counts whose window or filter moves with now are evaluated per profile")
  void movingWindows() {
    for (String expression : List.of("event \"purchase\" in the last 7 days",
        "event \"purchase\" before 2026-07-01", "event \"purchase\" where $timestamp in the last 7 days")) {
      asked.clear();
      segments.save("s", expression);
      assertThat(asked).as(expression).isEmpty();
      segments.delete("s");
    }
  }
}
