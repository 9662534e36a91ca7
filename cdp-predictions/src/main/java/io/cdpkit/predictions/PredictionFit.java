package io.cdpkit.predictions;

import io.cdpkit.predictions.model.BgNbd;
import io.cdpkit.predictions.model.GammaGamma;
import io.cdpkit.predictions.model.ModelFit;
import io.cdpkit.predictions.model.PurchaseSummary;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import org.jspecify.annotations.Nullable;

/**
 * One recalculation: the models fitted to the store's orders, when, over which data, with what
 * diagnostics, and why a model is missing when the data was too thin. Immutable.
 *
 * <p>Time is in days: a customer's orders are grouped by calendar day in {@code zone} (several
 * orders on one day are one order of their summed value), and ages are counted in days up to the
 * day of {@code windowEnd}.
 *
 * @param fittedAt when the fit ran
 * @param windowStart the earliest order read, or null when there was none
 * @param windowEnd the end of the data window: orders after it are not read
 * @param zone the zone whose calendar days group orders
 * @param options what counted as an order, the horizon and the minimums applied
 * @param customers the profiles with at least one order
 * @param repeatCustomers the profiles with at least one repeat order (on a later day)
 * @param purchases the BG/NBD fit, or null when the data was too thin (see {@code notes})
 * @param values the Gamma-Gamma fit, or null when the data was too thin or its mean is infinite
 * @param engagementCuts the population's recency and frequency tertiles, or null without customers
 * @param notes why a model is missing, or warnings about the fit; empty when all is well
 */
public record PredictionFit(
    Instant fittedAt,
    @Nullable Instant windowStart,
    Instant windowEnd,
    ZoneId zone,
    PredictionOptions options,
    int customers,
    int repeatCustomers,
    @Nullable ModelFit<BgNbd> purchases,
    @Nullable ModelFit<GammaGamma> values,
    @Nullable EngagementCuts engagementCuts,
    List<String> notes) {

  public PredictionFit {
    Objects.requireNonNull(fittedAt, "fittedAt");
    Objects.requireNonNull(windowEnd, "windowEnd");
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(options, "options");
    notes = List.copyOf(notes);
    if (purchases != null && engagementCuts == null) {
      throw new IllegalArgumentException("a fit with a purchase model needs engagement cuts");
    }
  }

  /** True when the purchase model was fitted, so that customers get predictions. */
  public boolean predicts() {
    return purchases != null;
  }

  /**
   * The predictions for a customer's history at the end of the window; empty when the fit has no
   * purchase model (the data was too thin).
   */
  public Optional<Prediction> predict(PurchaseSummary history) {
    if (purchases == null || engagementCuts == null) {
      return Optional.empty();
    }
    BgNbd model = purchases.model();
    int horizon = options.horizonDays();
    double alive = model.probabilityAlive(history);
    double expectedOrders = model.conditionalExpectedPurchases(horizon, history);
    OptionalDouble median = model.medianTimeToNextPurchase(history);
    Double orderValue = values == null ? null : values.model().conditionalExpectedValue(history);
    return Optional.of(new Prediction(
        alive,
        model.probabilityOfPurchase(horizon, history),
        expectedOrders,
        median.isPresent() ? median.getAsDouble() : null,
        orderValue,
        orderValue == null ? null : orderValue * expectedOrders,
        engagementCuts.engagement(history),
        history.repeats() && alive < options.winbackThreshold()));
  }
}
