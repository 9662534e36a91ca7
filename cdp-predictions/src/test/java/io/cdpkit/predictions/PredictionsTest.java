package io.cdpkit.predictions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import io.cdpkit.core.Cdp;
import io.cdpkit.core.Track;
import io.cdpkit.core.testing.TestClock;
import io.cdpkit.predictions.model.PurchaseSummary;
import io.cdpkit.core.spi.DocumentStore;
import io.cdpkit.predictions.internal.FitDocuments;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

final class PredictionsTest {
  private static final Instant NOW = Instant.parse("2026-06-15T12:00:00Z");
  private static final PredictionOptions SMALL =
      PredictionOptions.builder().minCustomers(100).minRepeatCustomers(20).build();

  private final TestClock clock = TestClock.at(NOW);
  private final Cdp cdp = Cdp.builder().clock(clock).zone(ZoneOffset.UTC).build();
  private final Shop shop = new Shop(cdp, 26);
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    for (AutoCloseable closeable : open) {
      closeable.close();
    }
    cdp.close();
  }

  private Predictions predictions(PredictionOptions options, DocumentStore store) {
    Predictions predictions = Predictions.builder(cdp).options(options).store(store).build();
    open.add(predictions);
    return predictions;
  }

  @Test
  void fit_tooFewCustomers_predictsNothingAndSaysWhy() {
    shop.customers("c", 40, NOW, 300);
    Predictions predictions = predictions(SMALL, DocumentStore.inMemory());

    PredictionFit fit = predictions.fit();

    assertThat(fit.predicts()).isFalse();
    assertThat(fit.customers()).isEqualTo(40);
    assertThat(fit.notes()).containsExactly(
        "too few customers: 40 profiles with a 'purchase' event, the minimum is 100");
    assertThat(predictions.find("c0")).isEmpty();
    assertThat(predictions.value(cdp.getProfile("c0"), "order_likelihood")).isEmpty();
    assertThat(predictions.valuesOf("c0")).isEmpty();
  }

  @Test
  void fit_tooFewRepeatCustomers_predictsNothingAndSaysWhy() {
    for (int i = 0; i < 100; i++) {
      shop.customer("once" + i, 20, NOW.minus(Duration.ofDays(10 + i)));
    }
    Predictions predictions = predictions(SMALL, DocumentStore.inMemory());

    PredictionFit fit = predictions.fit();

    assertThat(fit.predicts()).isFalse();
    assertThat(fit.notes()).containsExactly(
        "too few repeat customers: 0 with orders on more than one day, the minimum is 20");
    assertThat(predictions.find("once1")).isEmpty();
  }

  @Test
  void fit_enoughCustomers_predictsFromTheFittedModelsForEachCustomersOrders() {
    shop.customers("c", 400, NOW, 365);
    shop.customer("regular", 50, days(-100), days(-80), days(-60), days(-40), days(-20), days(-2));
    shop.customer("lapsed", 50, days(-300), days(-290), days(-280), days(-270));
    Predictions predictions = predictions(SMALL, DocumentStore.inMemory());

    PredictionFit fit = predictions.fit();

    assertThat(fit.predicts()).isTrue();
    assertThat(fit.notes()).isEmpty();
    assertThat(fit.customers()).isEqualTo(402);
    assertThat(fit.windowEnd()).isEqualTo(NOW);
    Prediction regular = predictions.find("regular").orElseThrow();
    PurchaseSummary regularHistory = new PurchaseSummary(5, 98, 100, 50);
    assertThat(regular.probabilityAlive())
        .isCloseTo(fit.purchases().model().probabilityAlive(regularHistory), offset(1e-12));
    assertThat(regular.expectedOrders())
        .isCloseTo(fit.purchases().model().conditionalExpectedPurchases(30, regularHistory), offset(1e-12));
    assertThat(regular.expectedOrderValue())
        .isCloseTo(fit.values().model().conditionalExpectedValue(regularHistory), offset(1e-9));
    assertThat(regular.predictedValue()).isCloseTo(regular.expectedOrders() * regular.expectedOrderValue(), offset(1e-9));
    assertThat(regular.engagement()).isEqualTo(Engagement.HIGH);
    assertThat(regular.winbackZone()).isFalse();
    assertThat(regular.timeToNextOrder()).isNotNull().isPositive();
    Prediction lapsed = predictions.find("lapsed").orElseThrow();
    assertThat(lapsed.winbackZone()).isTrue();
    assertThat(lapsed.timeToNextOrder()).isNull();
    assertThat(lapsed.orderLikelihood()).isLessThan(regular.orderLikelihood());
    assertThat(predictions.valuesOf("lapsed"))
        .containsEntry("winback_zone", java.math.BigDecimal.ONE)
        .doesNotContainKey("time_to_next_order");
  }

  @Test
  void fit_recoversTheSimulatedPurchaseRateWithinAThird() {
    // Few customers for a fit (600 of them, less than a year): the rate r / alpha is what the
    // data pins down, about 0.0079 orders per day; the shapes alone are too loose to test here.
    shop.customers("c", 600, NOW, 365);
    Predictions predictions = predictions(SMALL, DocumentStore.inMemory());

    var model = predictions.fit().purchases().model();

    assertThat(model.r() / model.alpha()).isCloseTo(0.243 / Shop.ALPHA_DAYS, org.assertj.core.api.Assertions.withinPercentage(33));
  }

  @Test
  void fit_shopWhoseFitRunsTheDropOutShapesLow_scoresEveryCustomer() {
    // Seed 26 over 300 days: the fitted a + b is under 1, where the paper's equation 10 has no
    // value for a customer without repeat orders (its 2F1's c = a + b + x - 1 is negative).
    shop.customers("c", 400, NOW, 300);
    Predictions predictions = predictions(SMALL, DocumentStore.inMemory());

    PredictionFit fit = predictions.fit();

    assertThat(fit.purchases().model().a() + fit.purchases().model().b()).isLessThan(1);
    assertThat(fit.predicts()).isTrue();
    for (int i = 0; i < 400; i++) {
      assertThat(predictions.find("c" + i).orElseThrow().expectedOrders()).isFinite().isNotNegative();
    }
  }

  @Test
  void fit_configurableOrderEventAndAmount_readsOnlyThose() {
    PredictionOptions options = SMALL.toBuilder().orderEventType("order").amountProperty("total").build();
    shop.customers("c", 150, NOW, 300);
    cdp.track(Track.builder("order").profileId("c0").timestamp(days(-5)).property("total", 10).build());
    Predictions predictions = predictions(options, DocumentStore.inMemory());

    PredictionFit fit = predictions.fit();

    assertThat(fit.customers()).isEqualTo(1);
    assertThat(fit.predicts()).isFalse();
  }

  @Test
  void newInstance_overTheSameStore_answersFromTheStoredFit() {
    shop.customers("c", 300, NOW, 365);
    shop.customer("regular", 50, days(-100), days(-80), days(-60), days(-40), days(-20), days(-2));
    DocumentStore store = DocumentStore.inMemory();
    PredictionFit fit = predictions(SMALL, store).fit();
    Prediction before = predictions(SMALL, DocumentStore.inMemory()).find("regular").orElse(null);
    clock.advance(Duration.ofDays(3));

    Predictions reopened = predictions(SMALL, store);

    assertThat(before).isNull();
    assertThat(reopened.latestFit()).contains(fit);
    assertThat(reopened.valuesOf("regular")).isEqualTo(predictionsOf(fit, "regular"));
  }

  @Test
  void gdprExport_includesThePredictions() {
    shop.customers("c", 300, NOW, 365);
    shop.customer("regular", 50, days(-100), days(-80), days(-60), days(-40), days(-20), days(-2));
    predictions(SMALL, DocumentStore.inMemory()).fit();
    StringWriter out = new StringWriter();

    cdp.exportProfile("regular", out, "test");

    assertThat(out.toString()).contains("\"predictions\"").contains("\"order_likelihood\"");
  }

  @Test
  void subscribe_reportsOnlyProfilesWhosePredictionsChanged() {
    shop.customers("c", 300, NOW, 365);
    Predictions predictions = predictions(SMALL, DocumentStore.inMemory());
    List<Recalculation> heard = new ArrayList<>();
    predictions.subscribe(heard::add);

    predictions.fit();
    predictions.fit();
    clock.advance(Duration.ofDays(1));
    predictions.fit();

    assertThat(heard).hasSize(3);
    assertThat(heard.get(0).changedProfiles()).hasSize(300);
    assertThat(heard.get(1).changedProfiles()).as("same data, same fit").isEmpty();
    assertThat(heard.get(2).changedProfiles()).as("a day older, every customer moves").hasSize(300);
  }

  @Test
  void orElse_answersPredictionNamesHereAndOthersFromTheOtherSource() {
    shop.customers("c", 300, NOW, 365);
    Predictions predictions = predictions(SMALL, DocumentStore.inMemory());
    predictions.fit();
    io.cdpkit.segments.ComputedAttributes both =
        predictions.orElse((profile, name) -> java.util.Optional.of(java.math.BigDecimal.TEN));
    io.cdpkit.core.profile.Profile c0 = cdp.getProfile("c0");

    assertThat(both.value(c0, "lifetime_value")).contains(java.math.BigDecimal.TEN);
    assertThat(both.value(c0, "order_likelihood")).isEqualTo(predictions.value(c0, "order_likelihood"))
        .isPresent();
  }

  @Test
  void check_refusesAComputedNameThatPredictionsDoNotAnswer() {
    Predictions predictions = predictions(SMALL, DocumentStore.inMemory());

    assertThat(predictions.check("$computed.winback_zone = 1").print()).isEqualTo("$computed.winback_zone = 1");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> predictions.check("$computed.order_likelyhood > 0.5"))
        .isInstanceOf(io.cdpkit.segments.SegmentValidationException.class)
        .hasMessageContaining("order_likelyhood");
  }

  @Test
  void runDue_fitsOncePerPeriod() {
    shop.customers("c", 150, NOW, 300);
    Predictions predictions = Predictions.builder(cdp).options(SMALL).refitEvery(Duration.ofDays(1)).build();
    open.add(predictions);

    assertThat(predictions.runDue(NOW)).isPresent();
    assertThat(predictions.runDue(NOW.plus(Duration.ofHours(23)))).isEmpty();
    assertThat(predictions.runDue(NOW.plus(Duration.ofHours(24)))).isPresent();
  }

  @Test
  void runDue_refitsOnlyWhenTheFitAnotherInstanceStoredIsStale() {
    shop.customers("c", 150, NOW, 300);
    DocumentStore shared = DocumentStore.inMemory();
    Predictions first = predictions(SMALL, shared);
    Predictions second = predictions(SMALL, shared);
    PredictionFit stored = first.fit();
    clock.advance(Duration.ofHours(23));

    assertThat(second.runDue(clock.instant())).isEmpty();
    assertThat(new FitDocuments(shared).latest()).contains(stored);
    assertThat(second.latestFit()).contains(stored);

    clock.advance(Duration.ofHours(1));
    PredictionFit refit = second.runDue(clock.instant()).orElseThrow();

    assertThat(refit.fittedAt()).isEqualTo(NOW.plus(Duration.ofDays(1)));
    assertThat(new FitDocuments(shared).latest()).contains(refit);
    assertThat(first.runDue(clock.instant())).isEmpty();
    assertThat(first.latestFit()).contains(refit);
  }

  @Test
  void runDue_aRefitClaimedElsewhere_isLeftToTheClaimant_untilTheClaimLapses() {
    shop.customers("c", 150, NOW, 300);
    DocumentStore shared = DocumentStore.inMemory();
    Predictions predictions = predictions(SMALL, shared);
    assertThat(shared.claim(FitDocuments.REFIT, "elsewhere", clock.instant(), Duration.ofHours(1))).isTrue();

    assertThat(predictions.runDue(clock.instant())).isEmpty();
    assertThat(predictions.runDue(clock.instant().plus(Duration.ofMinutes(59)))).isEmpty();
    PredictionFit fit = predictions.runDue(clock.instant().plus(Duration.ofHours(1))).orElseThrow();
    assertThat(new FitDocuments(shared).latest()).contains(fit);
    assertThat(predictions.runDue(clock.instant().plus(Duration.ofHours(2))))
        .as("a fresh fit is not due again").isEmpty();
    assertThat(shared.claim(FitDocuments.REFIT, "elsewhere", clock.instant().plus(Duration.ofHours(2)), Duration.ofHours(1)))
        .as("the refit released its claim").isTrue();
  }

  @Test
  void runDue_aFitStoredWhileClaiming_isAdoptedNotRepeated() {
    shop.customers("c", 150, NOW, 300);
    DocumentStore shared = DocumentStore.inMemory();
    PredictionFit stored = predictions(SMALL, shared).fit();
    // The view of an instance that read the store (as it opened, and as its run began) just
    // before another saved 'stored': no fit, then the fresh one once it holds the claim.
    DocumentStore stale = new DocumentStore() {
      private int reads;

      @Override
      public java.util.Optional<String> find(String name) {
        return ++reads <= 2 ? java.util.Optional.empty() : shared.find(name);
      }

      @Override
      public void put(String name, String json) {
        shared.put(name, json);
      }

      @Override
      public boolean claim(String name, String owner, Instant now, Duration lease) {
        return shared.claim(name, owner, now, lease);
      }

      @Override
      public void release(String name, String owner) {
        shared.release(name, owner);
      }
    };
    Predictions racing = Predictions.builder(cdp).options(SMALL).store(stale).build();
    open.add(racing);
    List<Recalculation> heard = new ArrayList<>();
    racing.subscribe(heard::add);

    assertThat(racing.runDue(clock.instant())).isEmpty();
    assertThat(racing.latestFit()).contains(stored);
    assertThat(heard).isEmpty();
    assertThat(shared.claim(FitDocuments.REFIT, "next", clock.instant(), Duration.ofHours(1)))
        .as("the claim taken to check was released").isTrue();
  }

  private java.util.SortedMap<String, java.math.BigDecimal> predictionsOf(PredictionFit fit, String id) {
    PurchaseSummary history = new PurchaseSummary(5, 98, 100, 50);
    return new java.util.TreeMap<>(fit.predict(history).orElseThrow().values());
  }

  private static Instant days(int offset) {
    return NOW.plus(Duration.ofDays(offset));
  }
}
