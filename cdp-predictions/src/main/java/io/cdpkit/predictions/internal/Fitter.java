package io.cdpkit.predictions.internal;

import io.cdpkit.predictions.EngagementCuts;
import io.cdpkit.predictions.PredictionFit;
import io.cdpkit.predictions.PredictionOptions;
import io.cdpkit.predictions.model.BgNbd;
import io.cdpkit.predictions.model.GammaGamma;
import io.cdpkit.predictions.model.ModelFit;
import io.cdpkit.predictions.model.NoMaximumFoundException;
import io.cdpkit.predictions.model.PurchaseSummary;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Fits the models to customers' summaries, refusing (with a note saying why) when there are fewer
 * customers or repeat customers than the options' minimums: a fit to a handful of histories gives
 * confident-looking numbers that mean nothing.
 */
public final class Fitter {

  /** A Beta shape past this means the fit ran to the model's no-drop-out limit. */
  private static final double UNBOUNDED = 1e4;

  private Fitter() {}

  public static PredictionFit fit(
      OrderHistories.Orders orders, PredictionOptions options, ZoneId zone, Instant windowEnd, Instant fittedAt) {
    Collection<PurchaseSummary> customers = orders.customers().values();
    int repeat = (int) customers.stream().filter(PurchaseSummary::repeats).count();
    List<String> notes = new ArrayList<>();
    ModelFit<BgNbd> purchases = null;
    ModelFit<GammaGamma> values = null;
    if (customers.size() < options.minCustomers()) {
      notes.add("too few customers: " + customers.size() + " profiles with a '" + options.orderEventType()
          + "' event, the minimum is " + options.minCustomers());
    } else if (repeat < options.minRepeatCustomers()) {
      notes.add("too few repeat customers: " + repeat + " with orders on more than one day, the minimum is "
          + options.minRepeatCustomers());
    } else {
      try {
        purchases = BgNbd.fit(customers);
      } catch (NoMaximumFoundException e) {
        notes.add("no purchase model: " + e.getMessage() + ", so no predictions");
      }
      if (purchases != null) {
        if (Math.min(purchases.model().a(), purchases.model().b()) > UNBOUNDED) {
          notes.add("no drop-out seen: a and b grew without bound, so P(alive) is near 1 for everyone");
        }
        values = fitValues(customers, options, notes);
      }
    }
    EngagementCuts cuts = customers.isEmpty() ? null : EngagementCuts.of(customers);
    return new PredictionFit(fittedAt, orders.earliest(), windowEnd, zone, options, customers.size(), repeat,
        purchases, values, cuts, notes);
  }

  private static @Nullable ModelFit<GammaGamma> fitValues(
      Collection<PurchaseSummary> customers, PredictionOptions options, List<String> notes) {
    long valued = customers.stream().filter(c -> c.repeats() && c.monetaryValue() > 0).count();
    if (valued < options.minRepeatCustomers()) {
      notes.add("no order-value model: " + valued + " repeat customers with a positive '"
          + options.amountProperty() + "', the minimum is " + options.minRepeatCustomers());
      return null;
    }
    ModelFit<GammaGamma> fit;
    try {
      fit = GammaGamma.fit(customers);
    } catch (NoMaximumFoundException e) {
      notes.add("no order-value model: " + e.getMessage());
      return null;
    }
    if (!fit.model().hasFiniteMean()) {
      notes.add("no order-value model: order values vary too much between customers for a finite mean (q = "
          + fit.model().q() + " <= 1)");
      return null;
    }
    return fit;
  }
}
