package io.cdpkit.workflows.internal.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdpkit.workflows.Goal;
import io.cdpkit.workflows.MergeTag;
import io.cdpkit.workflows.ReEntryPolicy;
import io.cdpkit.workflows.SendPolicy;
import io.cdpkit.workflows.Step;
import io.cdpkit.workflows.Trigger;
import io.cdpkit.workflows.Workflow;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** Writes the JSON form of a {@link Workflow}: fields in a fixed order, nulls left out. */
final class WorkflowWriter {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private WorkflowWriter() {}

  /** The JSON form, fields in a fixed order, nulls left out. */
  static String write(Workflow workflow) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("format", WorkflowJson.FORMAT);
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
}
