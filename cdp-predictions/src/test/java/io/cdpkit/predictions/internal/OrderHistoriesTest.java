package io.cdpkit.predictions.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import io.cdpkit.core.Cdp;
import io.cdpkit.core.Identify;
import io.cdpkit.core.Track;
import io.cdpkit.core.testing.TestClock;
import io.cdpkit.predictions.PredictionOptions;
import io.cdpkit.predictions.model.PurchaseSummary;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

final class OrderHistoriesTest {
  private static final Instant DAY0 = Instant.parse("2026-03-01T00:00:00Z");
  private static final Instant END = DAY0.plus(Duration.ofDays(20)).plus(Duration.ofHours(12));

  private final Cdp cdp = Cdp.builder().clock(TestClock.at(END)).build();

  @BeforeEach
  void orders() {
    cdp.identify(Identify.builder().profileId("ann").email("ann@example.com").build());
    order(0, 10, 10);
    order(0, 15, 5);
    order(3, 9, 20);
    order(3, 18, 10);
    order(10, 12, 40);
    order(12, 12, null);
    order(25, 12, 99);
    cdp.track(Track.builder("page_view").profileId("ann").timestamp(at(4, 12)).property("amount", 1000).build());
  }

  @AfterEach
  void close() {
    cdp.close();
  }

  @Test
  void readOne_groupsOrdersByDayAndLeavesTheFirstDayOutOfTheMean() {
    PurchaseSummary ann = OrderHistories.readOne(cdp, "ann", PredictionOptions.defaults(), ZoneOffset.UTC, END)
        .orElseThrow();

    // Days 3, 10 and 12 are repeat orders worth 30, 40 and 0 (no amount); day 25 is after the end.
    assertThat(ann.frequency()).isEqualTo(3);
    assertThat(ann.recency()).isEqualTo(12);
    assertThat(ann.age()).isEqualTo(20);
    assertThat(ann.monetaryValue()).isCloseTo(70 / 3.0, offset(1e-12));
  }

  @Test
  void readOne_daysAreCalendarDaysInTheZone() {
    // In UTC-10 the day-3 order at 09:00 UTC falls on the evening before, a day of its own.
    ZoneId honolulu = ZoneId.of("Pacific/Honolulu");

    PurchaseSummary ann = OrderHistories.readOne(cdp, "ann", PredictionOptions.defaults(), honolulu, END)
        .orElseThrow();

    assertThat(ann.frequency()).isEqualTo(4);
    assertThat(ann.recency()).isEqualTo(12);
    assertThat(ann.age()).isEqualTo(20);
  }

  @Test
  void readOne_lookback_readsOnlyRecentOrders() {
    PredictionOptions lastFifteenDays = PredictionOptions.builder().lookback(Duration.ofDays(15)).build();

    PurchaseSummary ann = OrderHistories.readOne(cdp, "ann", lastFifteenDays, ZoneOffset.UTC, END).orElseThrow();

    assertThat(ann).isEqualTo(new PurchaseSummary(1, 2, 10, 0));
  }

  @Test
  void readAll_profilesWithoutOrders_areNoCustomers() {
    cdp.identify(Identify.builder().profileId("bob").email("bob@example.com").build());

    OrderHistories.Orders orders = OrderHistories.readAll(cdp, PredictionOptions.defaults(), ZoneOffset.UTC, END);

    assertThat(orders.customers()).containsOnlyKeys("ann");
    assertThat(orders.earliest()).isEqualTo(DAY0);
  }

  private void order(int day, int hour, @Nullable Integer amount) {
    Track.Builder track = Track.builder("purchase").profileId("ann").timestamp(at(day, hour));
    if (amount != null) {
      track.property("amount", amount);
    }
    cdp.track(track.build());
  }

  private static Instant at(int day, int hour) {
    return DAY0.plus(Duration.ofDays(day)).plus(Duration.ofHours(hour));
  }
}
