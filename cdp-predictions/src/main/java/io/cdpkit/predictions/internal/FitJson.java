package io.cdpkit.predictions.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdpkit.predictions.EngagementCuts;
import io.cdpkit.predictions.PredictionFit;
import io.cdpkit.predictions.PredictionOptions;
import io.cdpkit.predictions.model.BgNbd;
import io.cdpkit.predictions.model.GammaGamma;
import io.cdpkit.predictions.model.ModelFit;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A {@link PredictionFit} as a JSON object and back; every field named, doubles exact. */
final class FitJson {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private FitJson() {}

  static ObjectNode write(PredictionFit fit) {
    ObjectNode json = MAPPER.createObjectNode();
    json.put("fittedAt", fit.fittedAt().toString());
    json.put("windowStart", fit.windowStart() == null ? null : fit.windowStart().toString());
    json.put("windowEnd", fit.windowEnd().toString());
    json.put("zone", fit.zone().getId());
    PredictionOptions o = fit.options();
    ObjectNode options = json.putObject("options");
    options.put("orderEventType", o.orderEventType());
    options.put("amountProperty", o.amountProperty());
    options.put("horizon", o.horizon().toString());
    options.put("winbackThreshold", o.winbackThreshold());
    options.put("minCustomers", o.minCustomers());
    options.put("minRepeatCustomers", o.minRepeatCustomers());
    options.put("lookback", o.lookback() == null ? null : o.lookback().toString());
    json.put("customers", fit.customers());
    json.put("repeatCustomers", fit.repeatCustomers());
    if (fit.purchases() != null) {
      BgNbd m = fit.purchases().model();
      ObjectNode node = fitNode(json.putObject("purchases"), fit.purchases());
      node.put("r", m.r()).put("alpha", m.alpha()).put("a", m.a()).put("b", m.b());
    }
    if (fit.values() != null) {
      GammaGamma m = fit.values().model();
      ObjectNode node = fitNode(json.putObject("values"), fit.values());
      node.put("p", m.p()).put("q", m.q()).put("gamma", m.gamma());
    }
    EngagementCuts cuts = fit.engagementCuts();
    if (cuts != null) {
      json.putObject("engagementCuts")
          .put("recentDays", cuts.recentDays()).put("lapsedDays", cuts.lapsedDays())
          .put("lowFrequency", cuts.lowFrequency()).put("highFrequency", cuts.highFrequency());
    }
    ArrayNode notes = json.putArray("notes");
    fit.notes().forEach(notes::add);
    return json;
  }

  static PredictionFit read(JsonNode json) {
    JsonNode o = json.get("options");
    PredictionOptions options = PredictionOptions.builder()
        .orderEventType(o.get("orderEventType").asText())
        .amountProperty(o.get("amountProperty").asText())
        .horizon(Duration.parse(o.get("horizon").asText()))
        .winbackThreshold(o.get("winbackThreshold").asDouble())
        .minCustomers(o.get("minCustomers").asInt())
        .minRepeatCustomers(o.get("minRepeatCustomers").asInt())
        .lookback(text(o, "lookback") == null ? null : Duration.parse(text(o, "lookback")))
        .build();
    JsonNode p = json.get("purchases");
    ModelFit<BgNbd> purchases = p == null ? null : new ModelFit<>(
        new BgNbd(p.get("r").asDouble(), p.get("alpha").asDouble(), p.get("a").asDouble(), p.get("b").asDouble()),
        p.get("logLikelihood").asDouble(), p.get("customers").asInt(), p.get("evaluations").asInt());
    JsonNode v = json.get("values");
    ModelFit<GammaGamma> values = v == null ? null : new ModelFit<>(
        new GammaGamma(v.get("p").asDouble(), v.get("q").asDouble(), v.get("gamma").asDouble()),
        v.get("logLikelihood").asDouble(), v.get("customers").asInt(), v.get("evaluations").asInt());
    JsonNode c = json.get("engagementCuts");
    EngagementCuts cuts = c == null ? null : new EngagementCuts(c.get("recentDays").asDouble(),
        c.get("lapsedDays").asDouble(), c.get("lowFrequency").asDouble(), c.get("highFrequency").asDouble());
    List<String> notes = new ArrayList<>();
    json.get("notes").forEach(n -> notes.add(n.asText()));
    String start = text(json, "windowStart");
    return new PredictionFit(Instant.parse(json.get("fittedAt").asText()), start == null ? null : Instant.parse(start),
        Instant.parse(json.get("windowEnd").asText()), ZoneId.of(json.get("zone").asText()), options,
        json.get("customers").asInt(), json.get("repeatCustomers").asInt(), purchases, values, cuts, notes);
  }

  private static ObjectNode fitNode(ObjectNode node, ModelFit<?> fit) {
    return node.put("logLikelihood", fit.logLikelihood()).put("customers", fit.customers())
        .put("evaluations", fit.evaluations());
  }

  private static @Nullable String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }
}
