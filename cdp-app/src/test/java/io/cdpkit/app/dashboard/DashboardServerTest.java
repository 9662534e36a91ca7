package io.cdpkit.app.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every JSON endpoint of the dashboard over real HTTP, on the festival demo data. */
final class DashboardServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir static Path directory;
  static DashboardFixture fixture;

  @BeforeAll
  static void start() {
    fixture = DashboardFixture.start(directory);
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  private static HttpResponse<String> call(String method, String path, String body) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(fixture.base + path));
    request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    request.header("Authorization", "Bearer " + DashboardFixture.TOKEN);
    if (!method.equals("GET")) {
      request.header("Content-Type", "application/json");
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode get(String path) throws IOException, InterruptedException {
    HttpResponse<String> response = call("GET", path, null);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
    return JSON.readTree(response.body());
  }

  private static void assertBadParameter(HttpResponse<String> response, String parameter) throws IOException {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    JsonNode error = JSON.readTree(response.body());
    assertThat(error.path("error").asText()).isEqualTo("bad_parameter");
    assertThat(error.path("parameter").asText()).isEqualTo(parameter);
    assertThat(error.path("message").asText()).isNotBlank();
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  private static String encodePath(String text) {
    return encode(text).replace("+", "%20");
  }

  @Test
  void overview_countsProfilesAndReachablePerChannel() throws Exception {
    JsonNode overview = get("/api/overview");
    assertThat(overview.path("profiles").asLong()).isEqualTo(fixture.cdp.countProfiles());
    assertThat(overview.path("events").asLong()).isPositive();
    assertThat(overview.path("reachability")).hasSize(DashboardServer.CHANNELS.size());
    JsonNode email = overview.path("reachability").get(0);
    assertThat(email.path("channel").asText()).isEqualTo("email");
    assertThat(email.path("reachable").asLong()).isEqualTo(fixture.cdp.reachabilityCounts("email").reachable());
  }

  @Test
  void profiles_pagesSortedByAttributeWithCursor() throws Exception {
    JsonNode first = get("/api/profiles?sort=age&desc=true&limit=5");
    assertThat(first.path("columns").get(0).asText()).isEqualTo("id");
    assertThat(first.path("rows")).hasSize(5);
    int ageColumn = 4;
    assertThat(first.path("columns").get(ageColumn).asText()).isEqualTo("age");
    int top = first.path("rows").get(0).get(ageColumn).asInt();
    assertThat(first.path("rows").get(4).get(ageColumn).asInt()).isLessThanOrEqualTo(top);
    JsonNode second = get("/api/profiles?sort=age&desc=true&limit=5&cursor=" + encode(first.path("next").asText()));
    assertThat(second.path("rows")).hasSize(5);
    assertThat(second.path("rows").get(0).get(0).asText()).isNotEqualTo(first.path("rows").get(0).get(0).asText());
  }

  @Test
  void profiles_searchFindsByIdentifierPrefix() throws Exception {
    JsonNode found = get("/api/profiles?q=mallory&columns=first_name");
    assertThat(found.path("rows")).hasSize(1);
    assertThat(found.path("rows").get(0).get(1).asText()).isEqualTo(DashboardFixture.SCRIPT_NAME);
  }

  @Test
  void profiles_badParameters_answer400NamingThem() throws Exception {
    assertBadParameter(call("GET", "/api/profiles?limit=0", null), "limit");
    assertBadParameter(call("GET", "/api/profiles?limit=ten", null), "limit");
    assertBadParameter(call("GET", "/api/profiles?desc=maybe", null), "desc");
    assertBadParameter(call("GET", "/api/profiles?sort=" + encode("$bogus"), null), "sort");
    assertBadParameter(call("GET", "/api/profiles?columns=" + encode("a,,b"), null), "columns");
  }

  @Test
  void profile_showsAttributesIdentifiersConsentsSegmentsAndTimeline() throws Exception {
    String id = get("/api/profiles?limit=1").path("rows").get(0).get(0).asText();
    JsonNode profile = get("/api/profiles/" + id);
    assertThat(profile.path("id").asText()).isEqualTo(id);
    assertThat(profile.path("attributes").has("city")).isTrue();
    assertThat(profile.path("identifiers").get(0).path("type").asText()).isNotBlank();
    assertThat(profile.path("consents").isArray()).isTrue();
    assertThat(profile.path("segments").isArray()).isTrue();
    assertThat(profile.path("timeline").size()).isPositive();
  }

  @Test
  void profile_unknownId_answers404() throws Exception {
    HttpResponse<String> response = call("GET", "/api/profiles/nobody", null);
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(response.body()).path("error").asText()).isEqualTo("not_found");
  }

  @Test
  void segments_listsSavedSegmentsWithCounts() throws Exception {
    fixture.segments.save("adults-test", "age >= 18");
    JsonNode list = get("/api/segments");
    JsonNode adults = null;
    for (JsonNode segment : list) {
      if (segment.path("name").asText().equals("adults-test")) {
        adults = segment;
      }
    }
    assertThat(adults).isNotNull();
    assertThat(adults.path("members").asLong()).isEqualTo(fixture.segments.countMatching("age >= 18"));
  }

  @Test
  void segmentCheck_countsAValidExpression() throws Exception {
    JsonNode check = get("/api/segments/check?expression=" + encode("age < 30"));
    assertThat(check.path("count").asLong()).isEqualTo(fixture.segments.countMatching("age < 30"));
  }

  @Test
  void segmentCheck_syntaxError_answers400WithTheCaretMessage() throws Exception {
    HttpResponse<String> response = call("GET", "/api/segments/check?expression=" + encode("age < 30 or"), null);
    assertBadParameter(response, "expression");
    String message = JSON.readTree(response.body()).path("message").asText();
    assertThat(message).contains("line 1, column").contains("age < 30 or").contains("^");
    assertBadParameter(call("GET", "/api/segments/check", null), "expression");
  }

  @Test
  void eventTypes_listsTypesWithCounts() throws Exception {
    JsonNode types = get("/api/event-types");
    assertThat(types.findValuesAsText("type")).contains("bar_purchase", "ticket_scanned");
  }

  @Test
  void chartData_everyExampleChartHasLabelsAndOneDatasetPerSeries() throws Exception {
    for (ChartDefinition chart : ExampleCharts.festival()) {
      JsonNode data = get("/api/charts/" + chart.id() + "/data");
      assertThat(data.path("labels").size()).as(chart.title()).isPositive();
      assertThat(data.path("datasets")).as(chart.title()).hasSize(chart.series().size());
      double total = 0;
      for (JsonNode value : data.path("datasets").get(0).path("values")) {
        total += value.asDouble();
      }
      assertThat(total).as(chart.title()).isPositive();
      System.out.printf("dashboard chart %-24s %6.1f ms on the server%n", chart.id(), data.path("elapsedMillis").asDouble());
    }
  }

  @Test
  void chartCrud_createsEditsDuplicatesAndDeletes() throws Exception {
    String body = "{\"title\":\"Scans per gate\",\"kind\":\"bar\",\"source\":\"event_property\",\"field\":\"gate\","
        + "\"series\":[{\"name\":\"Scans\",\"eventType\":\"ticket_scanned\",\"yLabel\":\"scans\"}]}";
    HttpResponse<String> created = call("POST", "/api/charts", body);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String id = JSON.readTree(created.body()).path("id").asText();
    assertThat(get("/api/charts/" + id).path("title").asText()).isEqualTo("Scans per gate");

    HttpResponse<String> updated = call("PUT", "/api/charts/" + id, body.replace("bar", "pie"));
    assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
    assertThat(get("/api/charts/" + id).path("kind").asText()).isEqualTo("pie");

    HttpResponse<String> copy = call("POST", "/api/charts/" + id + "/duplicate", null);
    assertThat(copy.statusCode()).isEqualTo(201);
    String copyId = JSON.readTree(copy.body()).path("id").asText();
    assertThat(JSON.readTree(copy.body()).path("title").asText()).isEqualTo("Scans per gate (copy)");
    assertThat(get("/api/charts").findValuesAsText("id")).contains(id, copyId);

    assertThat(call("DELETE", "/api/charts/" + id, null).statusCode()).isEqualTo(204);
    assertThat(call("DELETE", "/api/charts/" + copyId, null).statusCode()).isEqualTo(204);
    assertThat(call("GET", "/api/charts/" + id, null).statusCode()).isEqualTo(404);
  }

  @Test
  void chartCrud_badDefinitions_answer400NamingTheField() throws Exception {
    assertBadParameter(call("POST", "/api/charts", "{not json"), "body");
    assertBadParameter(call("POST", "/api/charts", "{\"title\":\"x\",\"kind\":\"donut\",\"source\":\"events_over_time\",\"series\":[]}"), "kind");
    assertBadParameter(call("POST", "/api/charts", "{\"title\":\"\",\"kind\":\"line\",\"source\":\"events_over_time\",\"series\":[{\"name\":\"a\"}]}"), "title");
    assertBadParameter(call("POST", "/api/charts", "{\"title\":\"x\",\"kind\":\"line\",\"source\":\"events_over_time\",\"series\":[]}"), "series");
    assertBadParameter(call("POST", "/api/charts", "{\"title\":\"x\",\"kind\":\"line\",\"source\":\"events_over_time\",\"last\":\"many\",\"series\":[{\"name\":\"a\"}]}"), "last");
    assertBadParameter(call("POST", "/api/charts", "{\"title\":\"x\",\"kind\":\"line\",\"source\":\"events_over_time\",\"interval\":\"fortnight\",\"series\":[{\"name\":\"a\"}]}"), "interval");
    assertBadParameter(call("POST", "/api/charts", "{\"title\":\"x\",\"kind\":\"line\",\"source\":\"events_over_time\",\"series\":[{\"name\":\"a\",\"segment\":\"age <\"}]}"), "series[0].segment");
    assertBadParameter(call("POST", "/api/charts", "{\"title\":\"x\",\"kind\":\"line\",\"source\":\"events_over_time\",\"series\":[{\"name\":\"a\",\"aggregation\":\"sum\"}]}"), "series[0].property");
    assertBadParameter(call("POST", "/api/charts", "{\"title\":\"x\",\"kind\":\"line\",\"source\":\"events_over_time\",\"series\":[{\"name\":\"\"}]}"), "series[0].name");
    assertBadParameter(call("POST", "/api/charts", "{\"title\":\"x\",\"kind\":\"pie\",\"source\":\"profile_attribute\",\"series\":[{\"name\":\"a\"}]}"), "field");
    assertBadParameter(call("POST", "/api/charts", "{\"title\":\"x\",\"kind\":\"bar\",\"source\":\"event_property\",\"field\":\"drink\",\"series\":[{\"name\":\"a\"}]}"), "series[0].eventType");
    assertBadParameter(call("PUT", "/api/charts/drinks", "{\"title\":\"x\"}"), "series");
  }

  @Test
  void chartCsv_hasAHeaderAndARowPerLabel() throws Exception {
    HttpResponse<String> response = call("GET", "/api/charts/drinks/data.csv", null);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("text/csv; charset=utf-8");
    String[] lines = response.body().split("\n");
    assertThat(lines[0]).isEqualTo("label,\"All visitors\",\"Under 30\"");
    assertThat(lines.length - 1).isEqualTo(get("/api/charts/drinks/data").path("labels").size());
  }

  @Test
  void unknownPathsAndMethods_answer404And405() throws Exception {
    assertThat(call("GET", "/api/nothing", null).statusCode()).isEqualTo(404);
    assertThat(call("GET", "/api/charts/none/data", null).statusCode()).isEqualTo(404);
    assertThat(call("DELETE", "/api/overview", null).statusCode()).isEqualTo(405);
    assertThat(call("GET", "/webjars/../index.html", null).statusCode()).isEqualTo(404);
  }

  @Test
  void page_referencesTheChartJsWebJarWhichIsServed() throws Exception {
    HttpResponse<String> page = call("GET", "/", null);
    assertThat(page.statusCode()).isEqualTo(200);
    String script = page.body().replaceAll("(?s).*src=\"(/webjars/chart\\.js/[^\"]+)\".*", "$1");
    assertThat(script).startsWith("/webjars/chart.js/").endsWith("/dist/chart.umd.js");
    HttpResponse<String> chartJs = call("GET", script, null);
    assertThat(chartJs.statusCode()).isEqualTo(200);
    assertThat(chartJs.body()).contains("Chart");
  }

  @Test
  void segments_composeChecksSaveRenameDuplicateExportAndDelete() throws Exception {
    String blocks = "{\"groups\":[{\"blocks\":[{\"type\":\"attribute\",\"path\":\"city\",\"operator\":\"=\",\"value\":\"Leiden\"}]},"
        + "{\"blocks\":[{\"type\":\"event\",\"eventType\":\"bar_purchase\",\"count\":\"at least\",\"times\":3}]}]}";
    HttpResponse<String> composed = call("POST", "/api/segments/compose", blocks);
    assertThat(composed.statusCode()).as(composed.body()).isEqualTo(200);
    String expression = "city = \"Leiden\" or event \"bar_purchase\" at least 3";
    assertThat(JSON.readTree(composed.body()).path("expression").asText()).isEqualTo(expression);
    assertThat(JSON.readTree(composed.body()).path("count").asLong()).isEqualTo(fixture.segments.countMatching(expression));
    assertThat(get("/api/segments/check?expression=" + encode(expression)).path("blocks"))
        .isEqualTo(JSON.readTree(composed.body()).path("blocks"));
    assertThat(get("/api/segments/check?expression=" + encode("not age < 30")).path("blocks").isNull()).isTrue();

    HttpResponse<String> saved = call("POST", "/api/segments",
        "{\"name\":\"leiden or drinkers\",\"description\":\"from the builder\",\"expression\":" + JSON.writeValueAsString(expression) + "}");
    assertThat(saved.statusCode()).as(saved.body()).isEqualTo(201);
    assertThat(fixture.segments.get("leiden or drinkers").describedAs()).hasValue("from the builder");
    assertThat(call("POST", "/api/segments", "{\"name\":\"leiden or drinkers\",\"expression\":\"age > 1\"}").statusCode())
        .isEqualTo(409);
    assertBadParameter(call("POST", "/api/segments", "{\"name\":\"broken\",\"expression\":\"age <\"}"), "expression");

    assertThat(call("POST", "/api/segments/" + encodePath("leiden or drinkers") + "/rename", "{\"name\":\"leiden-drinkers\"}")
        .statusCode()).isEqualTo(200);
    assertThat(call("POST", "/api/segments/leiden-drinkers/duplicate", "{\"name\":\"leiden-drinkers-2\"}").statusCode())
        .isEqualTo(201);
    assertThat(fixture.segments.count("leiden-drinkers-2")).isEqualTo(fixture.segments.count("leiden-drinkers"));
    HttpResponse<String> csv = call("GET", "/api/segments/leiden-drinkers/members.csv", null);
    assertThat(csv.headers().firstValue("Content-Type")).hasValue("text/csv; charset=utf-8");
    assertThat(csv.body().split("\n")).hasSize(1 + (int) fixture.segments.count("leiden-drinkers"));

    fixture.segments.save("uses-drinkers", "in segment \"leiden-drinkers\" and age > 20");
    HttpResponse<String> refused = call("DELETE", "/api/segments/leiden-drinkers", null);
    assertThat(refused.statusCode()).isEqualTo(409);
    assertThat(JSON.readTree(refused.body()).path("message").asText()).contains("uses-drinkers");
    assertThat(call("DELETE", "/api/segments/leiden-drinkers-2", null).statusCode()).isEqualTo(204);
    assertThat(fixture.segments.find("leiden-drinkers-2")).isEmpty();
  }

  @Test
  void customers_filterByChannelPropertySourceAndActivity_andGroupTheMatches() throws Exception {
    JsonNode page = get("/api/profiles?limit=5&channel=email&property=city&operator=" + encode("=") + "&value=Leiden"
        + "&source=bar&activeFrom=2018-07-13&activeTo=2018-07-14");
    String filter = "$identifier.email is not empty and city = \"Leiden\""
        + " and event * between 2018-07-13 and 2018-07-14 where $source = \"bar\"";
    assertThat(page.path("filter").asText()).isEqualTo(filter);
    assertThat(page.path("total").asLong()).isEqualTo(fixture.segments.countMatching(filter)).isPositive();
    assertThat(page.path("labels").get(1).asText()).isEqualTo("Email");
    assertThat(page.path("names").get(0).asText()).isNotBlank().doesNotContain("-");
    assertBadParameter(call("GET", "/api/profiles?activeFrom=13-07-2018", null), "activeFrom");

    HttpResponse<String> group = call("POST", "/api/groups",
        "{\"name\":\"leiden-bar\",\"filter\":" + JSON.writeValueAsString(filter) + "}");
    assertThat(group.statusCode()).as(group.body()).isEqualTo(201);
    assertThat(JSON.readTree(group.body()).path("members").asLong()).isEqualTo(page.path("total").asLong());
    String someone = page.path("rows").get(0).get(0).asText();
    assertThat(call("POST", "/api/groups/leiden-bar/remove", "{\"profileIds\":[\"" + someone + "\"]}").statusCode()).isEqualTo(200);
    assertThat(fixture.segments.groupsOf(someone)).doesNotContain("leiden-bar");
    assertThat(call("POST", "/api/groups", "{\"name\":\"leiden-bar\"}").statusCode()).isEqualTo(409);
    assertThat(call("DELETE", "/api/groups/leiden-bar", null).statusCode()).isEqualTo(204);
  }

  @Test
  void profile_datesInTheZoneToTheSecond_consentEdits_andTheTimelineFilters() throws Exception {
    String id = get("/api/profiles?limit=1").path("rows").get(0).get(0).asText();
    JsonNode profile = get("/api/profiles/" + id);
    assertThat(profile.path("createdAt").asText()).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d");
    assertThat(profile.path("timeline").get(0).path("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d");
    assertThat(profile.path("name").asText()).isNotEqualTo(id);

    HttpResponse<String> denied = call("POST", "/api/profiles/" + id + "/consent", "{\"channel\":\"sms\",\"status\":\"denied\"}");
    assertThat(denied.statusCode()).as(denied.body()).isEqualTo(200);
    assertThat(fixture.cdp.getProfile(id).consentStatus("sms", fixture.cdp.clock().instant()).name()).isEqualTo("DENIED");
    assertBadParameter(call("POST", "/api/profiles/" + id + "/consent", "{\"channel\":\"sms\",\"status\":\"maybe\"}"), "status");

    String type = profile.path("timeline").get(0).path("type").asText();
    JsonNode ofType = get("/api/profiles/" + id + "/timeline?type=" + type);
    assertThat(ofType.findValuesAsText("type")).isNotEmpty().allMatch(type::equals);
    assertThat(get("/api/profiles/" + id + "/timeline?from=2030-01-01")).isEmpty();
  }

  @Test
  void workflows_createEnableBroadcastAndFigures() throws Exception {
    String form = "{\"name\":\"api-welcome\",\"trigger\":{\"type\":\"broadcastOnly\"},\"consent\":{\"ignoreConsent\":true},"
        + "\"goal\":{\"event\":\"bar_purchase\",\"exitOnGoal\":true},"
        + "\"steps\":[{\"type\":\"wait\",\"id\":\"step-1\",\"duration\":\"P2D\"}]}";
    HttpResponse<String> created = call("POST", "/api/workflows", form);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonNode detail = JSON.readTree(created.body());
    assertThat(detail.path("enabled").asBoolean()).isFalse();
    assertThat(detail.path("steps").get(0).path("text").asText()).isEqualTo("Wait 2 days");
    assertThat(detail.path("goal").asText()).isEqualTo("Event \"bar_purchase\", exits on goal");
    assertBadParameter(call("POST", "/api/workflows", "{\"name\":\"broken\",\"steps\":[]}"), "workflow");

    assertThat(call("POST", "/api/workflows/api-welcome/enable", "{}").statusCode()).isEqualTo(200);
    fixture.segments.save("api-adults", "age >= 18");
    HttpResponse<String> sent = call("POST", "/api/workflows/api-welcome/broadcast", "{\"segment\":\"api-adults\"}");
    assertThat(sent.statusCode()).as(sent.body()).isEqualTo(200);
    long entered = fixture.platform.workflows().figures("api-welcome").entered();
    assertThat(entered).isEqualTo(fixture.segments.count("api-adults")).isPositive();
    JsonNode listed = null;
    for (JsonNode workflow : get("/api/workflows")) {
      if (workflow.path("name").asText().equals("api-welcome")) {
        listed = workflow;
      }
    }
    assertThat(listed).isNotNull();
    assertThat(listed.path("enabled").asBoolean()).isTrue();
    assertThat(listed.path("figures").path("entered").asLong()).isEqualTo(entered);
  }

  @Test
  void insights_profilesOverTimeAndEventValues_asJsonAndCsv() throws Exception {
    JsonNode trend = get("/api/insights/profiles?channel=email&from=2018-06-01&to=2018-08-31&interval=month");
    assertThat(trend.path("rows").findValuesAsText("date")).containsExactly("2018-06", "2018-07", "2018-08");
    JsonNode july = trend.path("rows").get(1);
    assertThat(july.path("total").asLong()).isEqualTo(july.path("reachable").asLong() + july.path("unreachable").asLong());
    assertThat(july.path("activeUsers").asLong()).isPositive();
    assertThat(call("GET", "/api/insights/profiles.csv?from=2018-06-01&to=2018-08-31", null).body())
        .startsWith("date,total,reachable,unreachable,activeUsers\n2018-06,");
    assertBadParameter(call("GET", "/api/insights/profiles?interval=week", null), "interval");

    JsonNode drinks = get("/api/insights/events/bar_purchase?property=drink");
    assertThat(drinks.path("properties").get(0).path("values").findValuesAsText("value")).contains("beer", "wine");
    assertThat(call("GET", "/api/insights/events/bar_purchase.csv?property=drink", null).body()).startsWith("property,value,count\ndrink,");
    JsonNode types = get("/api/insights/events");
    assertThat(types.findValuesAsText("type")).contains("bar_purchase");
    JsonNode barPurchases = get("/api/insights/events/bar_purchase");
    assertThat(barPurchases.path("properties").findValuesAsText("property")).isNotEmpty();
    assertThat(barPurchases.path("properties").findValues("values")).isEmpty();
    JsonNode summary = get("/api/insights/events/bar_purchase/summary");
    assertThat(summary.path("count").asLong()).isEqualTo(barPurchases.path("count").asLong()).isPositive();
    assertThat(summary.path("profiles").asLong()).isPositive().isLessThanOrEqualTo(summary.path("count").asLong());
    assertThat(summary.path("lastSeen").asText()).matches("\\d{4}-.* \\d\\d:\\d\\d:\\d\\d");
    assertThat(call("GET", "/api/insights/events.csv", null).body())
        .startsWith("type,count,profiles,firstSeen,lastSeen\n").contains("\nbar_purchase," + summary.path("count").asLong() + ",");
    assertThat(get("/api/insights/profiles?from=2018-06-01&to=2018-08-31&activeUsers=false").path("rows").get(1).has("activeUsers")).isFalse();
    JsonNode active = get("/api/insights/active?from=2018-06-01&to=2018-08-31");
    assertThat(active.path("rows").findValuesAsText("date")).containsExactly("2018-06", "2018-07", "2018-08");
    assertThat(active.path("rows").get(1).path("activeUsers").asLong()).isEqualTo(july.path("activeUsers").asLong());
  }

  @Test
  void chartData_writesPlainNumbers() throws Exception {
    String body = call("GET", "/api/charts/visitors-by-city/data", null).body();
    assertThat(body).doesNotContainPattern("\\dE[+-]?\\d");
    assertThat(JSON.readTree(body).path("datasets").get(0).path("values").get(0).isIntegralNumber()).isTrue();
  }
}
