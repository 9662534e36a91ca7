package io.cdpkit.workflows.internal.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdpkit.workflows.ConsentRule;
import io.cdpkit.workflows.Goal;
import io.cdpkit.workflows.ReEntryPolicy;
import io.cdpkit.workflows.SendPolicy;
import io.cdpkit.workflows.Trigger;
import io.cdpkit.workflows.Workflow;
import io.cdpkit.workflows.WorkflowProblem;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import org.jspecify.annotations.Nullable;

/**
 * Reads a workflow from its JSON tree: the top-level fields, trigger, consent, goal, re-entry and
 * send policy here, the steps through a {@link StepReader}; problems go to the shared {@link
 * JsonFields}.
 */
final class WorkflowReader {
  private final JsonFields fields;
  private final StepReader steps;

  WorkflowReader(JsonFields fields) {
    this.fields = fields;
    this.steps = new StepReader(fields);
  }

  /** The workflow, or null when a problem left it unbuildable. */
  @Nullable Workflow workflow(@Nullable JsonNode root) {
    if (root == null || !root.isObject()) {
      fields.problems.add(new WorkflowProblem("$", "must be a JSON object"));
      return null;
    }
    fields.onlyKnown(root, "", "format", "name", "version", "enabled", "trigger", "consent", "goal",
        "reEntry", "sendPolicy", "steps");
    if (root.has("format") && root.get("format").asInt(-1) != WorkflowJson.FORMAT) {
      fields.problems.add(
          new WorkflowProblem("format", "must be " + WorkflowJson.FORMAT + ", was " + root.get("format")));
    }
    String name = fields.text(root, "name", "name");
    Workflow.Builder builder = Workflow.builder(name == null ? "" : name);
    builder.version(Math.max(0, root.path("version").asInt(0)));
    builder.enabled(root.path("enabled").asBoolean(true));
    Trigger trigger = trigger(root.get("trigger"));
    if (trigger != null) {
      builder.trigger(trigger);
    }
    JsonNode consent = root.get("consent");
    fields.onlyKnown(consent, "consent", "channel", "ignoreConsent");
    if (consent != null && consent.path("ignoreConsent").asBoolean(false)) {
      builder.consent(ConsentRule.ignoreConsent());
    } else if (consent != null) {
      String channel = fields.text(consent, "channel", "consent.channel");
      if (channel != null) {
        builder.consent(ConsentRule.channel(channel));
      }
    }
    JsonNode goal = root.get("goal");
    if (goal != null && !goal.isNull()) {
      fields.onlyKnown(goal, "goal", "segment", "event", "filter", "exitOnGoal");
      boolean exit = goal.path("exitOnGoal").asBoolean(false);
      if (goal.has("segment")) {
        String expression = fields.text(goal, "segment", "goal.segment");
        builder.goal(expression == null ? null : Goal.matches(expression), exit);
      } else {
        String event = fields.text(goal, "event", "goal.event");
        builder.goal(event == null ? null : Goal.event(event, fields.optText(goal, "filter")), exit);
      }
    }
    JsonNode reEntry = root.get("reEntry");
    if (reEntry != null) {
      fields.onlyKnown(reEntry, "reEntry", "policy", "coolDown");
      String policy = fields.text(reEntry, "policy", "reEntry.policy");
      if ("once".equals(policy)) {
        builder.reEntry(ReEntryPolicy.once());
      } else if ("afterCompletion".equals(policy)) {
        builder.reEntry(ReEntryPolicy.afterCompletion());
      } else if ("afterCoolDown".equals(policy)) {
        Duration coolDown = fields.duration(reEntry, "coolDown", "reEntry.coolDown");
        if (coolDown != null && !coolDown.isNegative()) {
          builder.reEntry(ReEntryPolicy.afterCoolDown(coolDown));
        } else if (coolDown != null) {
          fields.problems.add(new WorkflowProblem("reEntry.coolDown", "must not be negative"));
        }
      } else if (policy != null) {
        fields.problems.add(
            new WorkflowProblem(
                "reEntry.policy",
                "must be once, afterCompletion or afterCoolDown, was '" + policy + "'"));
      }
    }
    JsonNode send = root.get("sendPolicy");
    if (send != null) {
      builder.sendPolicy(sendPolicy(send));
    }
    JsonNode stepArray = root.get("steps");
    if (stepArray == null || !stepArray.isArray()) {
      fields.problems.add(new WorkflowProblem("steps", "must be an array"));
    } else {
      builder.steps(steps.steps(stepArray, "steps"));
    }
    return builder.build();
  }

  private @Nullable Trigger trigger(@Nullable JsonNode node) {
    if (node == null) {
      fields.problems.add(new WorkflowProblem("trigger", "is missing"));
      return null;
    }
    String type = fields.text(node, "type", "trigger.type");
    if (type == null) {
      return null;
    }
    fields.onlyKnown(node, "trigger", "type", "segment", "eventType", "property", "equals", "filter");
    switch (type) {
      case "enteredSegment": {
        String segment = fields.text(node, "segment", "trigger.segment");
        return segment == null ? null : Trigger.enteredSegment(segment);
      }
      case "leftSegment": {
        String segment = fields.text(node, "segment", "trigger.segment");
        return segment == null ? null : Trigger.leftSegment(segment);
      }
      case "eventAdded": {
        String eventType = fields.text(node, "eventType", "trigger.eventType");
        return eventType == null
            ? null
            : new Trigger.EventAdded(
                eventType, fields.optText(node, "property"), fields.optText(node, "equals"),
                fields.optText(node, "filter"));
      }
      case "broadcastOnly":
        return Trigger.broadcastOnly();
      default:
        fields.problems.add(
            new WorkflowProblem(
                "trigger.type",
                "must be enteredSegment, leftSegment, eventAdded or broadcastOnly, was '"
                    + type + "'"));
        return null;
    }
  }

  private SendPolicy sendPolicy(JsonNode node) {
    SendPolicy policy = SendPolicy.none();
    fields.onlyKnown(node, "sendPolicy", "quietHours", "frequencyCaps");
    JsonNode quiet = node.get("quietHours");
    if (quiet != null && !quiet.isNull()) {
      fields.onlyKnown(quiet, "sendPolicy.quietHours", "from", "to", "zoneAttribute", "defaultZone", "action");
      LocalTime from = fields.time(quiet, "from", "sendPolicy.quietHours.from");
      LocalTime to = fields.time(quiet, "to", "sendPolicy.quietHours.to");
      String attribute = fields.text(quiet, "zoneAttribute", "sendPolicy.quietHours.zoneAttribute");
      ZoneId zone = null;
      String zoneText = fields.text(quiet, "defaultZone", "sendPolicy.quietHours.defaultZone");
      if (zoneText != null) {
        try {
          zone = ZoneId.of(zoneText);
        } catch (RuntimeException e) {
          fields.problems.add(
              new WorkflowProblem(
                  "sendPolicy.quietHours.defaultZone", "'" + zoneText + "' is not a zone id"));
        }
      }
      String action = fields.text(quiet, "action", "sendPolicy.quietHours.action");
      SendPolicy.QuietAction quietAction = null;
      if ("hold".equals(action)) {
        quietAction = SendPolicy.QuietAction.HOLD;
      } else if ("skip".equals(action)) {
        quietAction = SendPolicy.QuietAction.SKIP;
      } else if (action != null) {
        fields.problems.add(
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
        fields.onlyKnown(cap, where, "channel", "max", "period");
        String channel = fields.text(cap, "channel", where + ".channel");
        Duration period = fields.duration(cap, "period", where + ".period");
        int max = cap.path("max").asInt(0);
        if (max < 1) {
          fields.problems.add(new WorkflowProblem(where + ".max", "must be at least 1"));
        } else if (period != null && (period.isZero() || period.isNegative())) {
          fields.problems.add(new WorkflowProblem(where + ".period", "must be positive"));
        } else if (channel != null && period != null) {
          policy = policy.withCap(new SendPolicy.FrequencyCap(channel, max, period));
        }
      }
    }
    return policy;
  }
}
