package io.cdpkit.segments.insights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdpkit.core.Cdp;
import io.cdpkit.core.Identify;
import io.cdpkit.core.Track;
import io.cdpkit.core.exchange.DataFormat;
import io.cdpkit.core.exchange.ExportOptions;
import io.cdpkit.core.exchange.ProfileExporter;
import io.cdpkit.core.testing.TestClock;
import io.cdpkit.segments.SegmentTransition;
import io.cdpkit.segments.SegmentValidationException;
import io.cdpkit.segments.Segments;
import io.cdpkit.segments.insights.ComputedAttribute.Kind;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Computed attributes against answers worked out by hand. Purchases (amount): p1 10 on June 1, 20
 * on June 5, 30 on June 9; p2 100 on May 1; p4 5 and 5 on June 8; p5 50 on June 2; p6 1 on June
 * 10. p3 has only a page view on June 10. Now is June 10, 12:00 UTC.
 */
final class LiveComputedAttributesTest {
  private static final Instant NOW = Instant.parse("2026-06-10T12:00:00Z");

  private TestClock clock;
  private Cdp cdp;
  private LiveComputedAttributes computed;

  @BeforeEach
  void load() {
    clock = TestClock.at(NOW);
    cdp = Cdp.builder().clock(clock).build();
    for (int i = 1; i <= 6; i++) {
      cdp.identify(Identify.builder().profileId("p" + i)
          .timestamp(Instant.parse("2026-04-0" + i + "T00:00:00Z")).build());
    }
    purchase("p1", "2026-06-01T10:00:00Z", 10);
    purchase("p1", "2026-06-05T10:00:00Z", 20);
    purchase("p2", "2026-05-01T10:00:00Z", 100);
    computed = LiveComputedAttributes.attach(cdp, List.of(
        ComputedAttribute.count("order_count", "purchase"),
        ComputedAttribute.sum("lifetime_value", "purchase", "amount"),
        ComputedAttribute.avg("average_order", "purchase", "amount"),
        ComputedAttribute.min("smallest_order", "purchase", "amount"),
        ComputedAttribute.max("largest_order", "purchase", "amount"),
        ComputedAttribute.lastSeen("last_seen"),
        ComputedAttribute.count("orders_7d", "purchase").within(Duration.ofDays(7)),
        ComputedAttribute.rfm("r", Kind.RECENCY, "purchase", null),
        ComputedAttribute.rfm("f", Kind.FREQUENCY, "purchase", null),
        ComputedAttribute.rfm("m", Kind.MONETARY, "purchase", "amount")));
    // after attaching: these arrive through the listener, the ones above through the first build
    purchase("p1", "2026-06-09T10:00:00Z", 30);
    purchase("p4", "2026-06-08T10:00:00Z", 5);
    purchase("p4", "2026-06-08T12:00:00Z", 5);
    purchase("p5", "2026-06-02T10:00:00Z", 50);
    purchase("p6", "2026-06-10T10:00:00Z", 1);
    cdp.track(Track.builder("page_view").profileId("p3").timestamp(Instant.parse("2026-06-10T09:00:00Z")).build());
  }

  @AfterEach
  void close() {
    computed.close();
    cdp.close();
  }

  private void purchase(String profile, String at, int amount) {
    cdp.track(Track.builder("purchase").profileId(profile).timestamp(Instant.parse(at))
        .property("amount", amount).build());
  }

  private Optional<BigDecimal> value(String profile, String name) {
    return computed.value(cdp.getProfile(profile), name);
  }

  private static Optional<BigDecimal> number(String text) {
    return Optional.of(new BigDecimal(text));
  }

  @Nested
  class Aggregates {
    @Test
    @DisplayName("count, sum, average, minimum and maximum over a type's events")
    void aggregates() {
      assertThat(computed.valuesOf("p1"))
          .containsEntry("order_count", new BigDecimal("3"))
          .containsEntry("lifetime_value", new BigDecimal("60"))
          .containsEntry("smallest_order", new BigDecimal("10"))
          .containsEntry("largest_order", new BigDecimal("30"));
      assertThat(value("p1", "average_order")).usingValueComparator(BigDecimal::compareTo).isEqualTo(number("20"));
      assertThat(value("p2", "lifetime_value")).usingValueComparator(BigDecimal::compareTo).isEqualTo(number("100"));
    }

    @Test
    @DisplayName("a profile without such events counts 0 and sums 0; average, min, max are missing")
    void none() {
      assertThat(value("p3", "order_count")).usingValueComparator(BigDecimal::compareTo).isEqualTo(number("0"));
      assertThat(value("p3", "lifetime_value")).usingValueComparator(BigDecimal::compareTo).isEqualTo(number("0"));
      assertThat(value("p3", "average_order")).isEmpty();
      assertThat(value("p3", "smallest_order")).isEmpty();
      assertThat(value("p3", "nope")).isEmpty();
    }

    @Test
    @DisplayName("last seen is the latest event of any type as epoch milliseconds")
    void lastSeen() {
      assertThat(value("p3", "last_seen")).hasValue(
          BigDecimal.valueOf(Instant.parse("2026-06-10T09:00:00Z").toEpochMilli()));
      assertThat(value("p2", "last_seen")).hasValue(
          BigDecimal.valueOf(Instant.parse("2026-05-01T10:00:00Z").toEpochMilli()));
    }

    @Test
    @DisplayName("a window counts events of the last 7 days at the clock's now, moving with it")
    void window() {
      assertThat(value("p1", "orders_7d")).hasValue(BigDecimal.valueOf(2));
      assertThat(value("p4", "orders_7d")).hasValue(BigDecimal.valueOf(2));
      assertThat(value("p2", "orders_7d")).hasValue(BigDecimal.ZERO);

      clock.advance(Duration.ofDays(3));

      assertThat(value("p1", "orders_7d")).hasValue(BigDecimal.ONE);
      assertThat(value("p4", "orders_7d")).hasValue(BigDecimal.valueOf(2));
      assertThat(value("p5", "orders_7d")).hasValue(BigDecimal.ZERO);
    }
  }

  @Nested
  class Rfm {
    @Test
    @DisplayName("recency, frequency and monetary quintiles over the five buyers, ties sharing a score")
    void quintiles() {
      Map<String, Integer> recency = Map.of("p2", 1, "p5", 2, "p4", 3, "p1", 4, "p6", 5);
      Map<String, Integer> frequency = Map.of("p2", 1, "p5", 1, "p6", 1, "p4", 4, "p1", 5);
      Map<String, Integer> monetary = Map.of("p6", 1, "p4", 2, "p5", 3, "p1", 4, "p2", 5);
      recency.forEach((p, s) -> assertThat(value(p, "r")).as("r " + p).hasValue(BigDecimal.valueOf(s)));
      frequency.forEach((p, s) -> assertThat(value(p, "f")).as("f " + p).hasValue(BigDecimal.valueOf(s)));
      monetary.forEach((p, s) -> assertThat(value(p, "m")).as("m " + p).hasValue(BigDecimal.valueOf(s)));
      assertThat(value("p3", "r")).isEmpty();
    }

    @Test
    @DisplayName("scores are ranked again after a new event")
    void reranked() {
      purchase("p6", "2026-06-10T11:00:00Z", 500);

      assertThat(value("p6", "m")).hasValue(BigDecimal.valueOf(5));
      assertThat(value("p2", "m")).hasValue(BigDecimal.valueOf(4));
      // counts p1 3, p2 1, p4 2, p5 1, p6 2: two below p6 of five
      assertThat(value("p6", "f")).hasValue(BigDecimal.valueOf(3));
    }
  }

  @Nested
  class Lifecycle {
    @Test
    @DisplayName("a merge adds the absorbed profile's events to the survivor; unmerge takes them back")
    void mergeAndUnmerge() {
      cdp.merge(List.of("p4", "p6"), "test");

      assertThat(computed.valuesOf("p6")).containsEntry("order_count", BigDecimal.valueOf(3));
      assertThat(value("p4", "lifetime_value")).usingValueComparator(BigDecimal::compareTo).isEqualTo(number("11"));

      cdp.unmerge("p6", "test");

      assertThat(value("p4", "order_count")).hasValue(BigDecimal.valueOf(2));
      assertThat(value("p6", "order_count")).hasValue(BigDecimal.ONE);
    }

    @Test
    @DisplayName("a deleted profile has no values and leaves the RFM ranking")
    void delete() {
      cdp.eraseProfile("p2", "api");

      assertThat(computed.valuesOf("p2")).isEmpty();
      // buyers p1 60, p4 10, p5 50, p6 1: n = 4
      assertThat(value("p1", "m")).hasValue(BigDecimal.valueOf(4));
      assertThat(value("p4", "m")).hasValue(BigDecimal.valueOf(2));
    }

    @Test
    @DisplayName("rebuild from the store gives the same values as the live updates")
    void rebuild() {
      Map<String, BigDecimal> before = computed.valuesOf("p1");
      computed.rebuild();
      assertThat(computed.valuesOf("p1")).isEqualTo(before);
    }
  }

  @Nested
  class Use {
    @Test
    @DisplayName("segments read $computed.NAME, and ad-hoc matches see new events at once")
    void segments() {
      try (Segments segments = Segments.builder(cdp).computed(computed).build()) {
        segments.save("spenders", computed.check("$computed.lifetime_value >= 50").print());

        assertThat(segments.count("spenders")).isEqualTo(3);

        purchase("p4", "2026-06-10T11:00:00Z", 45);

        assertThat(segments.matching("$computed.lifetime_value >= 50")).containsExactly("p1", "p2", "p4", "p5");
      }
    }

    @Test
    @DisplayName("a saved segment on a windowed computed attribute moves when time alone passes, at the instant an event left the window")
    void windowsMoveMembership() {
      try (Segments segments = Segments.builder(cdp).computed(computed).build()) {
        List<SegmentTransition> seen = new CopyOnWriteArrayList<>();
        segments.subscribe(seen::add);
        segments.save("frequent", computed.check("$computed.orders_7d >= 2").print());
        assertThat(segments.isMember("frequent", "p1")).isTrue();
        clock.setTo(Instant.parse("2026-06-13T00:00:00Z"));
        segments.refresh();
        // p1's order of 2026-06-05T10:00 left the 7-day window at 2026-06-12T10:00.
        assertThat(seen).extracting(t -> t.kind() + " " + t.profileId() + " " + t.at())
            .containsExactly("EXITED p1 2026-06-12T10:00:00Z");
        assertThat(segments.isMember("frequent", "p4")).isTrue();
      }
    }

    @Test
    @DisplayName("check refuses an unknown computed attribute")
    void unknownName() {
      assertThatThrownBy(() -> computed.check("$computed.lifetime_valu > 1"))
          .isInstanceOf(SegmentValidationException.class)
          .hasMessageContaining("lifetime_valu");
    }

    @Test
    @DisplayName("an export takes $computed.NAME columns")
    void export() {
      StringWriter out = new StringWriter();
      ProfileExporter.of(cdp).withColumns(LiveComputedAttributes.PREFIX, computed.columns())
          .exportAll(out, ExportOptions.of(DataFormat.CSV)
              .withColumns(List.of("id", "$computed.order_count", "$computed.average_order")));

      assertThat(out.toString().lines()).containsExactly(
          "id,\"$computed.order_count\",\"$computed.average_order\"",
          "p1,3,20", "p2,1,100", "p3,0,", "p4,2,5", "p5,1,50", "p6,1,1");
    }

    @Test
    @DisplayName("definitions are validated")
    void definitions() {
      assertThatThrownBy(() -> ComputedAttribute.sum("1bad", "purchase", "amount"))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> ComputedAttribute.rfm("r", Kind.MONETARY, "purchase", null))
          .hasMessageContaining("needs a numeric property");
      assertThatThrownBy(() -> LiveComputedAttributes.attach(cdp,
              List.of(ComputedAttribute.lastSeen("x"), ComputedAttribute.lastSeen("x"))))
          .hasMessageContaining("defined twice");
    }
  }
}
