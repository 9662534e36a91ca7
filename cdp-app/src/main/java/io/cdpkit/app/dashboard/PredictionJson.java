package io.cdpkit.app.dashboard;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdpkit.predictions.Prediction;
import io.cdpkit.predictions.PredictionFit;
import io.cdpkit.predictions.Predictions;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A profile's predictions as the profile page shows them: the values with the fit's time and
 * horizon, or, when there are none, why (no fit yet, a fit on too little data with its notes, or no
 * orders of the customer in the fit's window). Values are absent, never zero, when not predicted.
 */
final class PredictionJson {
  private final Optional<Predictions> predictions;
  private final Labels labels;

  PredictionJson(Optional<Predictions> predictions, Labels labels) {
    this.predictions = Objects.requireNonNull(predictions, "predictions");
    this.labels = Objects.requireNonNull(labels, "labels");
  }

  ObjectNode of(String profileId) {
    ObjectNode json = ChartJson.MAPPER.createObjectNode();
    Optional<PredictionFit> fit = predictions.flatMap(Predictions::latestFit);
    if (fit.isEmpty()) {
      return json.put("available", false).put("reason", "No fit yet: run cdp predictions fit, or cdp serve refits nightly.");
    }
    PredictionFit latest = fit.get();
    json.put("fittedAt", labels.time(latest.fittedAt()))
        .put("horizonDays", latest.options().horizonDays())
        .put("customers", latest.customers())
        .put("repeatCustomers", latest.repeatCustomers());
    ArrayNode notes = json.putArray("notes");
    latest.notes().forEach(notes::add);
    if (!latest.predicts()) {
      return json.put("available", false)
          .put("reason", "The last fit had too little data: " + String.join("; ", latest.notes()));
    }
    Optional<Prediction> found = predictions.get().find(profileId);
    if (found.isEmpty()) {
      return json.put("available", false).put("reason", "No orders of this customer in the fit's window.");
    }
    Prediction prediction = found.get();
    json.put("available", true)
        .put("orderLikelihood", finite(prediction.orderLikelihood()))
        .put("expectedOrders", finite(prediction.expectedOrders()))
        .put("timeToNextOrder", finite(prediction.timeToNextOrder()))
        .put("predictedValue", finite(prediction.predictedValue()))
        .put("engagement", prediction.engagement().name().toLowerCase(Locale.ROOT))
        .put("winbackZone", prediction.winbackZone());
    return json;
  }

  /** The number, or null (absent) when missing or made infinite by a degenerate fit. */
  private static @Nullable Double finite(@Nullable Double value) {
    return value == null || value.isInfinite() || value.isNaN() ? null : value;
  }
}
