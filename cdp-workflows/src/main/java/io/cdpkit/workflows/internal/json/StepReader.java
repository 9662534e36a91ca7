package io.cdpkit.workflows.internal.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdpkit.workflows.MergeTag;
import io.cdpkit.workflows.Step;
import io.cdpkit.workflows.WorkflowProblem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Reads the steps of a workflow's JSON form, nested branches and waits included. */
final class StepReader {
  /** The fields each step type reads (WorkflowWriter writes the same). */
  private static final Map<String, List<String>> STEP_FIELDS = Map.of(
      "wait", List.of("type", "id", "duration"),
      "waitUntilEvent", List.of("type", "id", "eventType", "timeout", "onEvent", "onTimeout"),
      "waitUntilTime", List.of("type", "id", "field", "offset"),
      "sendEmail", List.of("type", "id", "templateId", "addressProperty", "from", "subject",
          "htmlBody", "textBody", "tags"),
      "sendMessage", List.of("type", "id", "channel", "templateId", "phoneProperty", "text", "tags"),
      "httpCall", List.of("type", "id", "method", "url", "headers", "body", "expectedStatus",
          "timeout", "tags"),
      "branch", List.of("type", "id", "condition", "then", "else"));

  private final JsonFields fields;

  StepReader(JsonFields fields) {
    this.fields = fields;
  }

  List<Step> steps(JsonNode array, String where) {
    List<Step> steps = new ArrayList<>();
    if (!array.isArray()) {
      fields.problems.add(new WorkflowProblem(where, "must be an array"));
      return steps;
    }
    int i = 0;
    for (JsonNode node : array) {
      Step step = step(node, where + "[" + i++ + "]");
      if (step != null) {
        steps.add(step);
      }
    }
    return steps;
  }

  private @Nullable Step step(JsonNode node, String where) {
    String type = fields.text(node, "type", where + ".type");
    String id = fields.text(node, "id", where + ".id");
    if (type == null || id == null) {
      return null;
    }
    List<String> known = STEP_FIELDS.get(type);
    if (known != null) {
      fields.onlyKnown(node, where, known.toArray(String[]::new));
    }
    switch (type) {
      case "wait": {
        Duration duration = fields.duration(node, "duration", where + ".duration");
        return duration == null ? null : Step.waitFor(id, duration);
      }
      case "waitUntilEvent": {
        String eventType = fields.text(node, "eventType", where + ".eventType");
        Duration timeout = fields.duration(node, "timeout", where + ".timeout");
        List<Step> onEvent = steps(node.path("onEvent"), where + ".onEvent");
        List<Step> onTimeout = steps(node.path("onTimeout"), where + ".onTimeout");
        return eventType == null || timeout == null
            ? null
            : new Step.WaitUntilEvent(id, eventType, timeout, onEvent, onTimeout);
      }
      case "waitUntilTime": {
        String field = fields.text(node, "field", where + ".field");
        Duration offset = node.has("offset") ? fields.duration(node, "offset", where + ".offset")
            : Duration.ZERO;
        return field == null || offset == null ? null : new Step.WaitUntilTime(id, field, offset);
      }
      case "sendEmail":
        return new Step.SendEmail(
            id,
            node.path("templateId").asText(""),
            node.path("addressProperty").asText(""),
            fields.optText(node, "from"),
            node.path("subject").asText(""),
            fields.optText(node, "htmlBody"),
            fields.optText(node, "textBody"),
            tags(node.path("tags"), where + ".tags"));
      case "sendMessage":
        return new Step.SendMessage(
            id,
            node.path("channel").asText(""),
            node.path("templateId").asText(""),
            node.path("phoneProperty").asText(""),
            node.path("text").asText(""),
            tags(node.path("tags"), where + ".tags"));
      case "httpCall": {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> header : node.path("headers").properties()) {
          headers.put(header.getKey(), header.getValue().asText());
        }
        Duration timeout = node.has("timeout") ? fields.duration(node, "timeout", where + ".timeout")
            : Duration.ofSeconds(10);
        return timeout == null
            ? null
            : new Step.HttpCall(
                id,
                node.path("method").asText("GET"),
                node.path("url").asText(""),
                headers,
                fields.optText(node, "body"),
                node.hasNonNull("expectedStatus") ? node.get("expectedStatus").asInt() : null,
                timeout,
                tags(node.path("tags"), where + ".tags"));
      }
      case "branch": {
        String condition = fields.text(node, "condition", where + ".condition");
        List<Step> then = steps(node.path("then"), where + ".then");
        List<Step> otherwise =
            node.has("else") ? steps(node.get("else"), where + ".else") : List.of();
        return condition == null ? null : new Step.Branch(id, condition, then, otherwise);
      }
      default:
        fields.problems.add(
            new WorkflowProblem(
                where + ".type",
                "unknown step type '" + type + "'; known: wait, waitUntilEvent, waitUntilTime,"
                    + " sendEmail, sendMessage, httpCall, branch"));
        return null;
    }
  }

  private List<MergeTag> tags(JsonNode array, String where) {
    List<MergeTag> tags = new ArrayList<>();
    if (array.isMissingNode() || array.isNull()) {
      return tags;
    }
    if (!array.isArray()) {
      fields.problems.add(new WorkflowProblem(where, "must be an array"));
      return tags;
    }
    int i = 0;
    for (JsonNode tag : array) {
      String at = where + "[" + i++ + "]";
      fields.onlyKnown(tag, at, "name", "source", "default");
      String name = fields.text(tag, "name", at + ".name");
      String source = fields.text(tag, "source", at + ".source");
      if (name != null && source != null) {
        tags.add(MergeTag.of(name, source, tag.path("default").asText("")));
      }
    }
    return tags;
  }
}
