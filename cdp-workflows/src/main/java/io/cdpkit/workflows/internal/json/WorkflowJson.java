package io.cdpkit.workflows.internal.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdpkit.workflows.ConsentRule;
import io.cdpkit.workflows.Goal;
import io.cdpkit.workflows.MergeTag;
import io.cdpkit.workflows.ReEntryPolicy;
import io.cdpkit.workflows.SendPolicy;
import io.cdpkit.workflows.Step;
import io.cdpkit.workflows.Trigger;
import io.cdpkit.workflows.Workflow;
import io.cdpkit.workflows.WorkflowProblem;
import io.cdpkit.workflows.WorkflowValidationException;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/*
 * Hand-written tree mapping rather than Jackson annotations: the JSON shape is a documented,
 * versioned format ("format": 1) that must not move when a record gains a component, and reading
 * collects every problem instead of stopping at the first.
 */

/** Reads and writes the JSON form of a {@link Workflow}. */
public final class WorkflowJson {
  /** The format number written and read. */
  public static final int FORMAT = 1;

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** The fields each step type reads (and writes). */
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

  private WorkflowJson() {}

  /** The JSON form, fields in a fixed order, nulls left out. */
  public static String write(Workflow workflow) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("format", FORMAT);
    root.put("name", workflow.name());
    root.put("version", workflow.version());
    root.put("enabled", workflow.enabled());
    root.set("trigger", trigger(workflow.trigger()));
    ObjectNode consent = root.putObject("consent");
    if (workflow.consent().ignoresConsent()) {
      consent.put("ignoreConsent", true);
    } else {
      consent.put("channel", workflow.consent().channel());
    }
    Goal goal = workflow.goal();
    if (goal != null) {
      ObjectNode node = root.putObject("goal");
      if (goal instanceof Goal.SegmentGoal segment) {
        node.put("segment", segment.expression());
      } else if (goal instanceof Goal.EventGoal event) {
        node.put("event", event.eventType());
        putIfNotNull(node, "filter", event.filter());
      }
      node.put("exitOnGoal", workflow.exitOnGoal());
    }
    ObjectNode reEntry = root.putObject("reEntry");
    reEntry.put("policy", switch (workflow.reEntry().kind()) {
      case ONCE -> "once";
      case AFTER_COMPLETION -> "afterCompletion";
      case AFTER_COOL_DOWN -> "afterCoolDown";
    });
    if (workflow.reEntry().kind() == ReEntryPolicy.Kind.AFTER_COOL_DOWN) {
      reEntry.put("coolDown", workflow.reEntry().coolDown().toString());
    }
    ObjectNode send = root.putObject("sendPolicy");
    SendPolicy.QuietHours quiet = workflow.sendPolicy().quietHours();
    if (quiet != null) {
      ObjectNode q = send.putObject("quietHours");
      q.put("from", quiet.from().toString());
      q.put("to", quiet.to().toString());
      q.put("zoneAttribute", quiet.zoneAttribute());
      q.put("defaultZone", quiet.defaultZone().getId());
      q.put("action", quiet.action().name().toLowerCase(Locale.ROOT));
    }
    ArrayNode caps = send.putArray("frequencyCaps");
    for (SendPolicy.FrequencyCap cap : workflow.sendPolicy().caps()) {
      ObjectNode c = caps.addObject();
      c.put("channel", cap.channel());
      c.put("max", cap.max());
      c.put("period", cap.period().toString());
    }
    root.set("steps", steps(workflow.steps()));
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree failed to print", e);
    }
  }

  private static ObjectNode trigger(Trigger trigger) {
    ObjectNode node = MAPPER.createObjectNode();
    if (trigger instanceof Trigger.EnteredSegment entered) {
      node.put("type", "enteredSegment");
      node.put("segment", entered.segment());
    } else if (trigger instanceof Trigger.LeftSegment left) {
      node.put("type", "leftSegment");
      node.put("segment", left.segment());
    } else if (trigger instanceof Trigger.EventAdded event) {
      node.put("type", "eventAdded");
      node.put("eventType", event.eventType());
      putIfNotNull(node, "property", event.property());
      putIfNotNull(node, "equals", event.equalsValue());
      putIfNotNull(node, "filter", event.filter());
    } else {
      node.put("type", "broadcastOnly");
    }
    return node;
  }

  private static ArrayNode steps(List<Step> steps) {
    ArrayNode array = MAPPER.createArrayNode();
    for (Step step : steps) {
      ObjectNode node = array.addObject();
      if (step instanceof Step.Wait wait) {
        node.put("type", "wait");
        node.put("id", wait.id());
        node.put("duration", wait.duration().toString());
      } else if (step instanceof Step.WaitUntilEvent wait) {
        node.put("type", "waitUntilEvent");
        node.put("id", wait.id());
        node.put("eventType", wait.eventType());
        node.put("timeout", wait.timeout().toString());
        node.set("onEvent", steps(wait.onEvent()));
        node.set("onTimeout", steps(wait.onTimeout()));
      } else if (step instanceof Step.WaitUntilTime wait) {
        node.put("type", "waitUntilTime");
        node.put("id", wait.id());
        node.put("field", wait.field());
        node.put("offset", wait.offset().toString());
      } else if (step instanceof Step.SendEmail email) {
        node.put("type", "sendEmail");
        node.put("id", email.id());
        node.put("templateId", email.templateId());
        node.put("addressProperty", email.addressProperty());
        putIfNotNull(node, "from", email.from());
        node.put("subject", email.subject());
        putIfNotNull(node, "htmlBody", email.htmlBody());
        putIfNotNull(node, "textBody", email.textBody());
        node.set("tags", tags(email.tags()));
      } else if (step instanceof Step.SendMessage message) {
        node.put("type", "sendMessage");
        node.put("id", message.id());
        node.put("channel", message.channel());
        node.put("templateId", message.templateId());
        node.put("phoneProperty", message.phoneProperty());
        node.put("text", message.text());
        node.set("tags", tags(message.tags()));
      } else if (step instanceof Step.HttpCall http) {
        node.put("type", "httpCall");
        node.put("id", http.id());
        node.put("method", http.method());
        node.put("url", http.url());
        ObjectNode headers = node.putObject("headers");
        http.headers().forEach(headers::put);
        putIfNotNull(node, "body", http.body());
        if (http.expectedStatus() != null) {
          node.put("expectedStatus", http.expectedStatus());
        }
        node.put("timeout", http.timeout().toString());
        node.set("tags", tags(http.tags()));
      } else if (step instanceof Step.Branch branch) {
        node.put("type", "branch");
        node.put("id", branch.id());
        node.put("condition", branch.condition());
        node.set("then", steps(branch.then()));
        node.set("else", steps(branch.otherwise()));
      }
    }
    return array;
  }

  private static ArrayNode tags(List<MergeTag> tags) {
    ArrayNode array = MAPPER.createArrayNode();
    for (MergeTag tag : tags) {
      ObjectNode node = array.addObject();
      node.put("name", tag.name());
      node.put("source", tag.source());
      node.put("default", tag.defaultValue());
    }
    return array;
  }

  private static void putIfNotNull(ObjectNode node, String field, @Nullable String value) {
    if (value != null) {
      node.put(field, value);
    }
  }

  /**
   * Reads the JSON form.
   *
   * @throws WorkflowValidationException listing every problem of shape
   */
  public static Workflow read(String json) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new WorkflowValidationException(
          "?",
          List.of(new WorkflowProblem("$", "not JSON: " + e.getOriginalMessage())));
    }
    Reader reader = new Reader();
    Workflow workflow = reader.workflow(root);
    if (!reader.problems.isEmpty() || workflow == null) {
      String name = root != null && root.path("name").isTextual() ? root.get("name").asText() : "?";
      throw new WorkflowValidationException(name, reader.problems);
    }
    return workflow;
  }

  /** Collects problems while reading. */
  private static final class Reader {
    final List<WorkflowProblem> problems = new ArrayList<>();

    @Nullable Workflow workflow(@Nullable JsonNode root) {
      if (root == null || !root.isObject()) {
        problems.add(new WorkflowProblem("$", "must be a JSON object"));
        return null;
      }
      onlyKnown(root, "", "format", "name", "version", "enabled", "trigger", "consent", "goal",
          "reEntry", "sendPolicy", "steps");
      if (root.has("format") && root.get("format").asInt(-1) != FORMAT) {
        problems.add(
            new WorkflowProblem("format", "must be " + FORMAT + ", was " + root.get("format")));
      }
      String name = text(root, "name", "name");
      Workflow.Builder builder = Workflow.builder(name == null ? "" : name);
      builder.version(Math.max(0, root.path("version").asInt(0)));
      builder.enabled(root.path("enabled").asBoolean(true));
      Trigger trigger = trigger(root.get("trigger"));
      if (trigger != null) {
        builder.trigger(trigger);
      }
      JsonNode consent = root.get("consent");
      onlyKnown(consent, "consent", "channel", "ignoreConsent");
      if (consent != null && consent.path("ignoreConsent").asBoolean(false)) {
        builder.consent(ConsentRule.ignoreConsent());
      } else if (consent != null) {
        String channel = text(consent, "channel", "consent.channel");
        if (channel != null) {
          builder.consent(ConsentRule.channel(channel));
        }
      }
      JsonNode goal = root.get("goal");
      if (goal != null && !goal.isNull()) {
        onlyKnown(goal, "goal", "segment", "event", "filter", "exitOnGoal");
        boolean exit = goal.path("exitOnGoal").asBoolean(false);
        if (goal.has("segment")) {
          String expression = text(goal, "segment", "goal.segment");
          builder.goal(expression == null ? null : Goal.matches(expression), exit);
        } else {
          String event = text(goal, "event", "goal.event");
          builder.goal(event == null ? null : Goal.event(event, optText(goal, "filter")), exit);
        }
      }
      JsonNode reEntry = root.get("reEntry");
      if (reEntry != null) {
        onlyKnown(reEntry, "reEntry", "policy", "coolDown");
        String policy = text(reEntry, "policy", "reEntry.policy");
        if ("once".equals(policy)) {
          builder.reEntry(ReEntryPolicy.once());
        } else if ("afterCompletion".equals(policy)) {
          builder.reEntry(ReEntryPolicy.afterCompletion());
        } else if ("afterCoolDown".equals(policy)) {
          Duration coolDown = duration(reEntry, "coolDown", "reEntry.coolDown");
          if (coolDown != null && !coolDown.isNegative()) {
            builder.reEntry(ReEntryPolicy.afterCoolDown(coolDown));
          } else if (coolDown != null) {
            problems.add(new WorkflowProblem("reEntry.coolDown", "must not be negative"));
          }
        } else if (policy != null) {
          problems.add(
              new WorkflowProblem(
                  "reEntry.policy",
                  "must be once, afterCompletion or afterCoolDown, was '" + policy + "'"));
        }
      }
      JsonNode send = root.get("sendPolicy");
      if (send != null) {
        builder.sendPolicy(sendPolicy(send));
      }
      JsonNode steps = root.get("steps");
      if (steps == null || !steps.isArray()) {
        problems.add(new WorkflowProblem("steps", "must be an array"));
      } else {
        builder.steps(steps(steps, "steps"));
      }
      return builder.build();
    }

    @Nullable Trigger trigger(@Nullable JsonNode node) {
      if (node == null) {
        problems.add(new WorkflowProblem("trigger", "is missing"));
        return null;
      }
      String type = text(node, "type", "trigger.type");
      if (type == null) {
        return null;
      }
      onlyKnown(node, "trigger", "type", "segment", "eventType", "property", "equals", "filter");
      switch (type) {
        case "enteredSegment": {
          String segment = text(node, "segment", "trigger.segment");
          return segment == null ? null : Trigger.enteredSegment(segment);
        }
        case "leftSegment": {
          String segment = text(node, "segment", "trigger.segment");
          return segment == null ? null : Trigger.leftSegment(segment);
        }
        case "eventAdded": {
          String eventType = text(node, "eventType", "trigger.eventType");
          return eventType == null
              ? null
              : new Trigger.EventAdded(
                  eventType, optText(node, "property"), optText(node, "equals"),
                  optText(node, "filter"));
        }
        case "broadcastOnly":
          return Trigger.broadcastOnly();
        default:
          problems.add(
              new WorkflowProblem(
                  "trigger.type",
                  "must be enteredSegment, leftSegment, eventAdded or broadcastOnly, was '"
                      + type + "'"));
          return null;
      }
    }

    SendPolicy sendPolicy(JsonNode node) {
      SendPolicy policy = SendPolicy.none();
      onlyKnown(node, "sendPolicy", "quietHours", "frequencyCaps");
      JsonNode quiet = node.get("quietHours");
      if (quiet != null && !quiet.isNull()) {
        onlyKnown(quiet, "sendPolicy.quietHours", "from", "to", "zoneAttribute", "defaultZone", "action");
        LocalTime from = time(quiet, "from");
        LocalTime to = time(quiet, "to");
        String attribute = text(quiet, "zoneAttribute", "sendPolicy.quietHours.zoneAttribute");
        ZoneId zone = null;
        String zoneText = text(quiet, "defaultZone", "sendPolicy.quietHours.defaultZone");
        if (zoneText != null) {
          try {
            zone = ZoneId.of(zoneText);
          } catch (RuntimeException e) {
            problems.add(
                new WorkflowProblem(
                    "sendPolicy.quietHours.defaultZone", "'" + zoneText + "' is not a zone id"));
          }
        }
        String action = text(quiet, "action", "sendPolicy.quietHours.action");
        SendPolicy.QuietAction quietAction = null;
        if ("hold".equals(action)) {
          quietAction = SendPolicy.QuietAction.HOLD;
        } else if ("skip".equals(action)) {
          quietAction = SendPolicy.QuietAction.SKIP;
        } else if (action != null) {
          problems.add(
              new WorkflowProblem(
                  "sendPolicy.quietHours.action", "must be hold or skip, was '" + action + "'"));
        }
        if (from != null && to != null && attribute != null && zone != null
            && quietAction != null) {
          policy = policy.withQuietHours(
              new SendPolicy.QuietHours(from, to, attribute, zone, quietAction));
        }
      }
      JsonNode caps = node.get("frequencyCaps");
      if (caps != null && caps.isArray()) {
        int i = 0;
        for (JsonNode cap : caps) {
          String where = "sendPolicy.frequencyCaps[" + i++ + "]";
          onlyKnown(cap, where, "channel", "max", "period");
          String channel = text(cap, "channel", where + ".channel");
          Duration period = duration(cap, "period", where + ".period");
          int max = cap.path("max").asInt(0);
          if (max < 1) {
            problems.add(new WorkflowProblem(where + ".max", "must be at least 1"));
          } else if (period != null && (period.isZero() || period.isNegative())) {
            problems.add(new WorkflowProblem(where + ".period", "must be positive"));
          } else if (channel != null && period != null) {
            policy = policy.withCap(new SendPolicy.FrequencyCap(channel, max, period));
          }
        }
      }
      return policy;
    }

    List<Step> steps(JsonNode array, String where) {
      List<Step> steps = new ArrayList<>();
      if (!array.isArray()) {
        problems.add(new WorkflowProblem(where, "must be an array"));
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

    @Nullable Step step(JsonNode node, String where) {
      String type = text(node, "type", where + ".type");
      String id = text(node, "id", where + ".id");
      if (type == null || id == null) {
        return null;
      }
      List<String> fields = STEP_FIELDS.get(type);
      if (fields != null) {
        onlyKnown(node, where, fields.toArray(String[]::new));
      }
      switch (type) {
        case "wait": {
          Duration duration = duration(node, "duration", where + ".duration");
          return duration == null ? null : Step.waitFor(id, duration);
        }
        case "waitUntilEvent": {
          String eventType = text(node, "eventType", where + ".eventType");
          Duration timeout = duration(node, "timeout", where + ".timeout");
          List<Step> onEvent = steps(node.path("onEvent"), where + ".onEvent");
          List<Step> onTimeout = steps(node.path("onTimeout"), where + ".onTimeout");
          return eventType == null || timeout == null
              ? null
              : new Step.WaitUntilEvent(id, eventType, timeout, onEvent, onTimeout);
        }
        case "waitUntilTime": {
          String field = text(node, "field", where + ".field");
          Duration offset = node.has("offset") ? duration(node, "offset", where + ".offset")
              : Duration.ZERO;
          return field == null || offset == null ? null : new Step.WaitUntilTime(id, field, offset);
        }
        case "sendEmail":
          return new Step.SendEmail(
              id,
              node.path("templateId").asText(""),
              node.path("addressProperty").asText(""),
              optText(node, "from"),
              node.path("subject").asText(""),
              optText(node, "htmlBody"),
              optText(node, "textBody"),
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
          Duration timeout = node.has("timeout") ? duration(node, "timeout", where + ".timeout")
              : Duration.ofSeconds(10);
          return timeout == null
              ? null
              : new Step.HttpCall(
                  id,
                  node.path("method").asText("GET"),
                  node.path("url").asText(""),
                  headers,
                  optText(node, "body"),
                  node.hasNonNull("expectedStatus") ? node.get("expectedStatus").asInt() : null,
                  timeout,
                  tags(node.path("tags"), where + ".tags"));
        }
        case "branch": {
          String condition = text(node, "condition", where + ".condition");
          List<Step> then = steps(node.path("then"), where + ".then");
          List<Step> otherwise =
              node.has("else") ? steps(node.get("else"), where + ".else") : List.of();
          return condition == null ? null : new Step.Branch(id, condition, then, otherwise);
        }
        default:
          problems.add(
              new WorkflowProblem(
                  where + ".type",
                  "unknown step type '" + type + "'; known: wait, waitUntilEvent, waitUntilTime,"
                      + " sendEmail, sendMessage, httpCall, branch"));
          return null;
      }
    }

    List<MergeTag> tags(JsonNode array, String where) {
      List<MergeTag> tags = new ArrayList<>();
      if (array.isMissingNode() || array.isNull()) {
        return tags;
      }
      if (!array.isArray()) {
        problems.add(new WorkflowProblem(where, "must be an array"));
        return tags;
      }
      int i = 0;
      for (JsonNode tag : array) {
        String at = where + "[" + i++ + "]";
        onlyKnown(tag, at, "name", "source", "default");
        String name = text(tag, "name", at + ".name");
        String source = text(tag, "source", at + ".source");
        if (name != null && source != null) {
          tags.add(MergeTag.of(name, source, tag.path("default").asText("")));
        }
      }
      return tags;
    }

    /**
     * Reports each field of {@code node} not among {@code known}: a misspelt optional field would
     * otherwise be dropped without a word.
     */
    void onlyKnown(@Nullable JsonNode node, String where, String... known) {
      if (node == null || !node.isObject()) {
        return;
      }
      List<String> names = List.of(known);
      node.fieldNames().forEachRemaining(field -> {
        if (!names.contains(field)) {
          problems.add(new WorkflowProblem(where.isEmpty() ? field : where + "." + field,
              "unknown field; known here: " + String.join(", ", names)));
        }
      });
    }

    @Nullable String text(JsonNode node, String field, String where) {
      JsonNode value = node.get(field);
      if (value == null || !value.isTextual()) {
        problems.add(new WorkflowProblem(where, value == null ? "is missing" : "must be text"));
        return null;
      }
      return value.asText();
    }

    @Nullable String optText(JsonNode node, String field) {
      JsonNode value = node.get(field);
      return value == null || value.isNull() ? null : value.asText();
    }

    @Nullable Duration duration(JsonNode node, String field, String where) {
      String text = text(node, field, where);
      if (text == null) {
        return null;
      }
      try {
        return Duration.parse(text);
      } catch (RuntimeException e) {
        problems.add(
            new WorkflowProblem(where, "'" + text + "' is not an ISO-8601 duration such as PT1H"));
        return null;
      }
    }

    @Nullable LocalTime time(JsonNode node, String field) {
      String where = "sendPolicy.quietHours." + field;
      String text = text(node, field, where);
      if (text == null) {
        return null;
      }
      try {
        return LocalTime.parse(text);
      } catch (RuntimeException e) {
        problems.add(new WorkflowProblem(where, "'" + text + "' is not a time such as 21:00"));
        return null;
      }
    }
  }
}
