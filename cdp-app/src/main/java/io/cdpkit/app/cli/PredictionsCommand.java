package io.cdpkit.app.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdpkit.core.profile.Profile;
import io.cdpkit.predictions.Prediction;
import io.cdpkit.predictions.PredictionFit;
import io.cdpkit.predictions.PredictionOptions;
import io.cdpkit.predictions.Predictions;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cdp predictions fit} and {@code cdp predictions show}: the BG/NBD and Gamma-Gamma fit
 * over the database's orders, kept in the database for every process on it, and one profile's
 * predictions.
 */
@Command(
    name = "predictions",
    footer = {"", "Examples:", "  cdp predictions fit", "  cdp predictions show email:ann@example.com"},
    description = "Fit purchase predictions to the orders and show a profile's.",
    subcommands = {PredictionsCommand.Fit.class, PredictionsCommand.Show.class})
final class PredictionsCommand {

  private PredictionsCommand() {}

  /** The predictions over the fit kept in the database. */
  static Predictions open(Session session, PredictionOptions options) {
    return Predictions.builder(session.cdp).options(options).store(session.storage.documentStore()).build();
  }

  /** The profile's predictions from the fit in the database, empty when there is no fit or none for it. */
  static Map<String, BigDecimal> valuesOf(Session session, String profileId) {
    try (Predictions predictions = open(session, PredictionOptions.defaults())) {
      return predictions.valuesOf(profileId);
    }
  }

  @Command(name = "fit", description = "Fit the models to every customer's orders now and keep the fit.")
  static final class Fit extends Base {
    @Option(names = "--order-event", paramLabel = "TYPE", description = "The event type of an order. Default: ${DEFAULT-VALUE}.")
    String orderEvent = "purchase";

    @Option(names = "--amount", paramLabel = "PROPERTY", description = "The order value property. Default: ${DEFAULT-VALUE}.")
    String amount = "amount";

    @Option(names = "--horizon-days", paramLabel = "N", description = "How far ahead to predict. Default: ${DEFAULT-VALUE}.")
    int horizonDays = 30;

    @Option(names = "--min-customers", paramLabel = "N", description = "Fewest customers to fit. Default: ${DEFAULT-VALUE}.")
    int minCustomers = 100;

    @Option(names = "--min-repeat-customers", paramLabel = "N",
        description = "Fewest customers with a repeat order to fit. Default: ${DEFAULT-VALUE}.")
    int minRepeatCustomers = 20;

    @Override
    public Integer call() {
      PredictionOptions options = PredictionOptions.builder()
          .orderEventType(orderEvent).amountProperty(amount).horizon(Duration.ofDays(horizonDays))
          .minCustomers(minCustomers).minRepeatCustomers(minRepeatCustomers).build();
      try (Session session = root().open(); Predictions predictions = open(session, options)) {
        PredictionFit fit = predictions.fit();
        return print(json(fit), text(fit));
      }
    }
  }

  @Command(name = "show", description = "A profile's predictions from the kept fit.")
  static final class Show extends Base {
    @Parameters(paramLabel = "ID_OR_IDENTIFIER", description = "A profile id, a type:value identifier such as email:ann@example.com, or an email address.")
    String id;

    @Override
    public Integer call() {
      try (Session session = root().open(); Predictions predictions = open(session, PredictionOptions.defaults())) {
        Profile profile = resolve(session.cdp, id);
        PredictionFit fit = predictions.latestFit()
            .orElseThrow(() -> new IllegalStateException("no fit yet: run 'cdp predictions fit' first"));
        Optional<Prediction> prediction = predictions.find(profile.id());
        ObjectNode json = Json.object();
        json.put("profile", profile.id());
        json.put("fittedAt", fit.fittedAt().toString());
        ObjectNode values = json.putObject("predictions");
        StringBuilder text = new StringBuilder("profile ").append(profile.id())
            .append(" (fit of ").append(Instants.text(fit.fittedAt())).append(", ").append(fit.options().horizonDays())
            .append("-day horizon)");
        for (Map.Entry<String, BigDecimal> value : predictions.valuesOf(profile.id()).entrySet()) {
          values.put(value.getKey(), value.getValue());
          text.append(System.lineSeparator())
              .append(String.format("  %-21s %s", value.getKey(), value.getValue().toPlainString()));
        }
        if (prediction.isEmpty()) {
          String why = fit.predicts() ? "no orders up to " + Instants.text(fit.windowEnd()) : String.join("; ", fit.notes());
          json.put("absent", why);
          text.append(System.lineSeparator()).append("  no predictions: ").append(why);
        }
        return print(json, text.toString());
      }
    }
  }

  static ObjectNode json(PredictionFit fit) {
    ObjectNode json = Json.object();
    json.put("fittedAt", fit.fittedAt().toString());
    json.put("windowStart", fit.windowStart() == null ? null : fit.windowStart().toString());
    json.put("windowEnd", fit.windowEnd().toString());
    json.put("customers", fit.customers());
    json.put("repeatCustomers", fit.repeatCustomers());
    json.put("predicts", fit.predicts());
    if (fit.purchases() != null) {
      var m = fit.purchases().model();
      json.putObject("purchases").put("r", m.r()).put("alpha", m.alpha()).put("a", m.a()).put("b", m.b())
          .put("logLikelihood", fit.purchases().logLikelihood()).put("evaluations", fit.purchases().evaluations());
    }
    if (fit.values() != null) {
      var m = fit.values().model();
      json.putObject("values").put("p", m.p()).put("q", m.q()).put("gamma", m.gamma())
          .put("logLikelihood", fit.values().logLikelihood()).put("evaluations", fit.values().evaluations());
    }
    json.set("notes", Json.strings(fit.notes()));
    return json;
  }

  static String text(PredictionFit fit) {
    String n = System.lineSeparator();
    StringBuilder text = new StringBuilder("fit of ").append(Instants.text(fit.fittedAt()))
        .append(" over '").append(fit.options().orderEventType()).append("' events from ")
        .append(Instants.text(fit.windowStart())).append(" to ").append(Instants.text(fit.windowEnd()))
        .append(n).append(String.format("  customers %d, repeat customers %d", fit.customers(), fit.repeatCustomers()));
    if (fit.purchases() != null) {
      var m = fit.purchases().model();
      text.append(n).append(String.format("  BG/NBD       r %.4g, alpha %.4g, a %.4g, b %.4g (log-likelihood %.2f, %d evaluations)",
          m.r(), m.alpha(), m.a(), m.b(), fit.purchases().logLikelihood(), fit.purchases().evaluations()));
    }
    if (fit.values() != null) {
      var m = fit.values().model();
      text.append(n).append(String.format("  Gamma-Gamma  p %.4g, q %.4g, gamma %.4g (log-likelihood %.2f, %d evaluations)",
          m.p(), m.q(), m.gamma(), fit.values().logLikelihood(), fit.values().evaluations()));
    }
    if (!fit.predicts()) {
      text.append(n).append("  no predictions");
    }
    fit.notes().forEach(note -> text.append(n).append("  note: ").append(note));
    return text.toString();
  }
}
