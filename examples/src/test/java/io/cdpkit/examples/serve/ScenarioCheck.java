package io.cdpkit.examples.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdpkit.examples.cli.Cli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * Checks, through the {@code cdp} command line, what a client's run of the shared visit left in a
 * database (see {@code src/test/clients/scenario.mjs}): one profile for the person, holding every
 * id the visit used; typed attributes; each message stored once, at the time it was made (within a
 * second); nothing lost.
 *
 * @param db the database file
 * @param name the client's name, which prefixes the visit's ids
 * @param calls each message id with the instant the client was called
 */
record ScenarioCheck(String db, String name, Map<String, Instant> calls) {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The visit's distinct messages: one identify before, page, identify, track, alias, two groups. */
  static final int MESSAGES = 7;

  void verify() throws Exception {
    assertThat(calls).as("calls the client made (the re-send repeats one id)").hasSize(MESSAGES);
    JsonNode profile = cdp("profile", "show", "user_id:" + name + "-user-1");
    String id = profile.get("id").asText();
    for (String other : List.of("anonymous_id:" + name + "-anon-1", "user_id:" + name + "-legacy-1",
        "email:" + name + "@example.com")) {
      assertThat(cdp("profile", "show", other).get("id").asText()).as(other).isEqualTo(id);
    }
    assertThat(cdp("profile", "search", name).get("count").asInt()).as("profiles of " + name).isEqualTo(1);

    JsonNode attributes = profile.get("attributes");
    assertThat(attributes.get("name").isTextual()).isTrue();
    assertThat(attributes.get("age").isNumber()).as("age is a number").isTrue();
    assertThat(attributes.get("age").asInt()).isEqualTo(31);
    assertThat(attributes.get("vip").isBoolean()).as("vip is a boolean").isTrue();
    assertThat(attributes.path("address").path("zip").isTextual()).as("zip stays text").isTrue();
    assertThat(attributes.get("plan").asText()).as("the aliased user's traits").isEqualTo("legacy");
    assertThat(texts(attributes.get("groups"))).containsExactly("acme", "globex");
    assertThat(attributes.path("group_traits").path("acme").path("employees").asInt()).isEqualTo(50);
    assertThat(attributes.path("group_traits").path("globex").path("name").asText()).isEqualTo("Globex");

    JsonNode events = cdp("profile", "timeline", id, "--limit", "100").get("events");
    List<String> ids = new ArrayList<>();
    for (JsonNode event : events) {
      String messageId = event.get("id").asText();
      ids.add(messageId);
      Instant stored = Instant.parse(event.get("timestamp").asText());
      Instant called = calls.get(messageId);
      assertThat(called).as("a call for event " + messageId).isNotNull();
      assertThat(Duration.between(called, stored).abs()).as("time of " + messageId)
          .isLessThanOrEqualTo(Duration.ofSeconds(1));
    }
    assertThat(ids).as("each message once").doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(calls.keySet());
    JsonNode order = event(events, "Order Completed").get("properties");
    assertThat(order.get("total").decimalValue()).isEqualByComparingTo("30.5");
    assertThat(order.path("items").path(0).path("qty").asInt()).isEqualTo(2);
    assertThat(order.path("shipping").path("method").asText()).isEqualTo("express");
    JsonNode page = event(events, "page_view").get("properties");
    assertThat(page.path("path").asText()).isEqualTo("/pricing");
    assertThat(page.has("$category")).as("no duplicate $category").isFalse();
  }

  private static JsonNode event(JsonNode events, String type) {
    for (JsonNode event : events) {
      if (event.get("type").asText().equals(type)) {
        return event;
      }
    }
    throw new AssertionError("no " + type + " event in " + events);
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(item -> texts.add(item.asText()));
    return texts;
  }

  private JsonNode cdp(String... args) throws Exception {
    CommandLine line = Cli.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    line.setOut(new PrintWriter(out));
    line.setErr(new PrintWriter(err));
    List<String> all = new ArrayList<>(List.of("--db", db));
    all.addAll(List.of(args));
    all.add("--json");
    int exit = line.execute(all.toArray(String[]::new));
    assertThat(exit).as("cdp " + String.join(" ", args) + ": " + err).isZero();
    return JSON.readTree(out.toString());
  }
}
