package io.cdpkit.app.dashboard;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code /api/charts}: chart definitions ({@link ChartJson}) and their numbers.
 *
 * <ul>
 *   <li>{@code GET|POST /api/charts}: the saved charts; while none is saved, the example charts
 *       marked {@code "example": true}, which are drawn but not stored;
 *   <li>{@code POST /api/charts/examples}: saves the example charts (the user asked for them);
 *   <li>{@code GET|PUT|DELETE /api/charts/ID}, {@code POST /api/charts/ID/duplicate};
 *   <li>{@code GET /api/charts/ID/data} (with {@code elapsedMillis}) and {@code
 *       /api/charts/ID/data.csv}.
 * </ul>
 */
final class ChartsApi implements ApiHandler {
  private final ChartStore charts;
  private final List<ChartDefinition> examples;
  private final ChartQueries queries;

  ChartsApi(ChartStore charts, List<ChartDefinition> examples, ChartQueries queries) {
    this.charts = Objects.requireNonNull(charts, "charts");
    this.examples = List.copyOf(examples);
    this.queries = Objects.requireNonNull(queries, "queries");
  }

  @Override
  public void handle(ApiRequest request) throws IOException {
    List<String> path = request.path();
    if (path.isEmpty()) {
      list(request);
      return;
    }
    if (request.pathIs("examples")) {
      request.allow("POST");
      examples.forEach(charts::save);
      request.sendJson(201, listJson(examples, false));
      return;
    }
    ChartDefinition chart = find(path.get(0)).orElseThrow(() -> new NotFoundException("no chart " + path.get(0)));
    if (path.size() == 1) {
      one(request, chart);
      return;
    }
    String action = path.get(1);
    if (path.size() == 2 && action.equals("duplicate")) {
      request.allow("POST");
      ChartDefinition copy = chart.withId(newId()).withTitle(chart.title() + " (copy)");
      charts.save(copy);
      request.sendJson(201, ChartJson.write(copy));
    } else if (path.size() == 2 && action.equals("data")) {
      request.allow("GET");
      long startNanos = System.nanoTime();
      ChartData data = queries.compute(chart);
      double elapsedMillis = (System.nanoTime() - startNanos) / 1_000_000.0;
      ObjectNode json = dataJson(chart, data);
      json.put("elapsedMillis", Math.round(elapsedMillis * 10) / 10.0);
      request.sendJson(200, json);
    } else if (path.size() == 2 && action.equals("data.csv")) {
      request.allow("GET");
      request.sendCsv("chart-" + chart.id() + ".csv", csv(queries.compute(chart)));
    } else {
      throw new NotFoundException("no endpoint for chart " + chart.id() + ": " + String.join("/", path));
    }
  }

  private void list(ApiRequest request) throws IOException {
    if (request.method().equals("POST")) {
      ChartDefinition chart = ChartJson.fromText(request.body(), newId());
      charts.save(chart);
      request.sendJson(201, ChartJson.write(chart));
      return;
    }
    request.allow("GET", "POST");
    List<ChartDefinition> saved = charts.list();
    request.sendJson(200, saved.isEmpty() ? listJson(examples, true) : listJson(saved, false));
  }

  private void one(ApiRequest request, ChartDefinition chart) throws IOException {
    switch (request.method()) {
      case "GET" -> request.sendJson(200, ChartJson.write(chart));
      case "PUT" -> {
        ChartDefinition updated = ChartJson.fromText(request.body(), chart.id());
        charts.save(updated);
        request.sendJson(200, ChartJson.write(updated));
      }
      case "DELETE" -> {
        charts.delete(chart.id());
        request.sendNoContent();
      }
      default -> throw new MethodNotAllowedException("GET, PUT, DELETE");
    }
  }

  /** A saved chart; an example chart only while no chart is saved. */
  private Optional<ChartDefinition> find(String id) {
    Optional<ChartDefinition> saved = charts.find(id);
    if (saved.isPresent() || !charts.list().isEmpty()) {
      return saved;
    }
    return examples.stream().filter(chart -> chart.id().equals(id)).findFirst();
  }

  private static ArrayNode listJson(List<ChartDefinition> list, boolean example) {
    ArrayNode json = ChartJson.MAPPER.createArrayNode();
    for (ChartDefinition chart : list) {
      ObjectNode item = ChartJson.write(chart);
      if (example) {
        item.put("example", true);
      }
      json.add(item);
    }
    return json;
  }

  private static String newId() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  private static ObjectNode dataJson(ChartDefinition chart, ChartData data) {
    ObjectNode json = ChartJson.MAPPER.createObjectNode();
    json.set("chart", ChartJson.write(chart));
    ArrayNode labels = json.putArray("labels");
    data.labels().forEach(labels::add);
    ArrayNode datasets = json.putArray("datasets");
    for (ChartData.Dataset dataset : data.datasets()) {
      ObjectNode item = datasets.addObject().put("name", dataset.name()).put("yLabel", dataset.yLabel());
      ArrayNode values = item.putArray("values");
      for (BigDecimal value : dataset.values()) {
        values.add(value.stripTrailingZeros());
      }
    }
    return json;
  }

  /** The chart's numbers as CSV: a label column, then one column per series, with a header. */
  static String csv(ChartData data) {
    CsvSchema.Builder schema = CsvSchema.builder().addColumn("label");
    List<String> names = new ArrayList<>();
    for (ChartData.Dataset dataset : data.datasets()) {
      String name = dataset.name();
      while (names.contains(name) || name.equals("label")) {
        name = name + "'";
      }
      names.add(name);
      schema.addColumn(name);
    }
    List<List<String>> rows = new ArrayList<>();
    for (int i = 0; i < data.labels().size(); i++) {
      List<String> row = new ArrayList<>();
      row.add(data.labels().get(i));
      for (ChartData.Dataset dataset : data.datasets()) {
        row.add(dataset.values().get(i).stripTrailingZeros().toPlainString());
      }
      rows.add(row);
    }
    return Csv.write(schema.build().withHeader(), rows);
  }
}
