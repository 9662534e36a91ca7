package io.cdpkit.app.dashboard;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdpkit.workflows.Goal;
import io.cdpkit.workflows.Step;
import io.cdpkit.workflows.Trigger;
import io.cdpkit.workflows.Workflow;
import java.time.Duration;
import java.util.List;

/** A workflow's trigger, goal and steps in words, for people reading its definition. Stateless. */
final class WorkflowDescriptions {
  private WorkflowDescriptions() {}

  static String trigger(Trigger trigger) {
    if (trigger instanceof Trigger.EnteredSegment entered) {
      return "Enters segment \"" + entered.segment() + "\"";
    } else if (trigger instanceof Trigger.LeftSegment left) {
      return "Leaves segment \"" + left.segment() + "\"";
    } else if (trigger instanceof Trigger.EventAdded event) {
      String text = "Event \"" + event.eventType() + "\""
          + (event.property() == null ? "" : " where " + event.property() + " = \"" + event.equalsValue() + "\"");
      return event.findFilter().map(filter -> text + " where " + filter).orElse(text);
    }
    return "Broadcast only";
  }

  static String goal(Workflow workflow) {
    Goal goal = workflow.goal();
    if (goal == null) {
      return "None";
    }
    String text = goal instanceof Goal.EventGoal event
        ? "Event \"" + event.eventType() + "\"" + event.findFilter().map(f -> " where " + f).orElse("")
        : "Matches " + ((Goal.SegmentGoal) goal).expression();
    return text + (workflow.exitOnGoal() ? ", exits on goal" : "");
  }

  static String consent(Workflow workflow) {
    return workflow.consent().findChannel().map(channel -> "Needs " + channel + " consent").orElse("Ignores consent");
  }

  /** The steps as {@code {"id","text","then":[...],"else":[...]}}, branches nested. */
  static ArrayNode steps(List<Step> steps) {
    ArrayNode json = ChartJson.MAPPER.createArrayNode();
    for (Step step : steps) {
      ObjectNode item = json.addObject().put("id", step.id()).put("text", step(step));
      if (step instanceof Step.Branch branch) {
        item.set("then", steps(branch.then()));
        item.set("else", steps(branch.otherwise()));
      } else if (step instanceof Step.WaitUntilEvent wait) {
        item.set("then", steps(wait.onEvent()));
        item.set("else", steps(wait.onTimeout()));
      }
    }
    return json;
  }

  private static String step(Step step) {
    if (step instanceof Step.Wait wait) {
      return "Wait " + duration(wait.duration());
    } else if (step instanceof Step.WaitUntilEvent wait) {
      return "Wait up to " + duration(wait.timeout()) + " for event \"" + wait.eventType() + "\"";
    } else if (step instanceof Step.WaitUntilTime wait) {
      return "Wait until " + wait.field() + (wait.offset().isZero() ? "" : " " + signed(wait.offset()));
    } else if (step instanceof Step.SendEmail email) {
      return "Send email \"" + email.subject() + "\" to " + Labels.field(email.addressProperty());
    } else if (step instanceof Step.SendMessage message) {
      return "Send " + message.channel() + " message \"" + message.text() + "\"";
    } else if (step instanceof Step.HttpCall call) {
      return "Call " + call.method() + " " + call.url();
    } else if (step instanceof Step.Branch branch) {
      return "If " + branch.condition();
    }
    return step.id();
  }

  private static String signed(Duration offset) {
    return offset.isNegative() ? "minus " + duration(offset.negated()) : "plus " + duration(offset);
  }

  /** {@code 2 days}, {@code 3 hours}, {@code 45 minutes}. */
  static String duration(Duration duration) {
    if (duration.toDays() > 0 && duration.toHours() % 24 == 0) {
      return plural(duration.toDays(), "day");
    }
    if (duration.toHours() > 0 && duration.toMinutes() % 60 == 0) {
      return plural(duration.toHours(), "hour");
    }
    return plural(duration.toMinutes(), "minute");
  }

  private static String plural(long amount, String unit) {
    return amount + " " + unit + (amount == 1 ? "" : "s");
  }
}
