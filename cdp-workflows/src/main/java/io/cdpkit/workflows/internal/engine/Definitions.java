package io.cdpkit.workflows.internal.engine;

import io.cdpkit.core.CdpException;
import io.cdpkit.core.InvalidInputException;
import io.cdpkit.segments.SegmentExpression;
import io.cdpkit.segments.ValidationContext;
import io.cdpkit.workflows.Goal;
import io.cdpkit.workflows.MergeTag;
import io.cdpkit.workflows.SendPolicy;
import io.cdpkit.workflows.Step;
import io.cdpkit.workflows.Trigger;
import io.cdpkit.workflows.Workflow;
import io.cdpkit.workflows.WorkflowProblem;
import io.cdpkit.workflows.internal.render.EmailStepTemplate;
import io.cdpkit.workflows.internal.render.HttpStepTemplate;
import io.cdpkit.workflows.internal.render.MergeTags;
import io.cdpkit.workflows.internal.render.MessageStepTemplate;
import io.cdpkit.workflows.internal.render.TemplateProblem;
import io.cdpkit.workflows.internal.render.TagSource;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Validation of workflow definitions and the conversions from steps to render templates. */
public final class Definitions {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,63}");
  private static final Pattern STEP_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private static final Pattern CHANNEL = Pattern.compile("[a-z][a-z0-9_]{0,63}");

  private Definitions() {}

  /** Every problem with the workflow, checking segment and group names against the context. */
  public static List<WorkflowProblem> problems(Workflow workflow, ValidationContext context) {
    List<WorkflowProblem> problems = new java.util.ArrayList<>();
    if (!NAME.matcher(workflow.name()).matches()) {
      problems.add(
          new WorkflowProblem(
              "name",
              "'" + workflow.name() + "' must be 1 to 64 lower-case letters, digits, _ or -,"
                  + " starting with a letter"));
    }
    trigger(workflow.trigger(), context, problems);
    workflow.consent().findChannel().ifPresent(c -> channel("consent.channel", c, problems));
    Goal goal = workflow.goal();
    if (goal instanceof Goal.SegmentGoal segment) {
      expression("goal.segment", segment.expression(), context, problems);
    } else if (goal instanceof Goal.EventGoal event) {
      expression("goal", eventExpression(event.eventType(), event.filter()), context, problems);
    }
    SendPolicy.QuietHours quiet = workflow.sendPolicy().quietHours();
    if (quiet != null && quiet.zoneAttribute().isBlank()) {
      problems.add(new WorkflowProblem("sendPolicy.quietHours.zoneAttribute", "is blank"));
    }
    for (SendPolicy.FrequencyCap cap : workflow.sendPolicy().caps()) {
      channel("sendPolicy.frequencyCaps.channel", cap.channel(), problems);
    }
    if (workflow.steps().isEmpty()) {
      problems.add(new WorkflowProblem("steps", "must hold at least one step"));
    }
    steps(workflow.steps(), context, new HashSet<>(), problems);
    return problems;
  }

  private static void trigger(
      Trigger trigger, ValidationContext context, List<WorkflowProblem> problems) {
    String segment = null;
    if (trigger instanceof Trigger.EnteredSegment entered) {
      segment = entered.segment();
    } else if (trigger instanceof Trigger.LeftSegment left) {
      segment = left.segment();
    } else if (trigger instanceof Trigger.EventAdded event) {
      if (event.eventType().isBlank()) {
        problems.add(new WorkflowProblem("trigger.eventType", "is blank"));
      }
      if ((event.property() == null) != (event.equalsValue() == null)) {
        problems.add(
            new WorkflowProblem("trigger.property", "property and equals go together"));
      }
      if (event.filter() != null) {
        expression(
            "trigger.filter", eventExpression(event.eventType(), event.filter()), context,
            problems);
      }
    }
    if (segment != null) {
      segment("trigger.segment", segment, context, problems);
    }
  }

  private static void segment(
      String where, String segment, ValidationContext context, List<WorkflowProblem> problems) {
    if (context.segments().isPresent() && context.segments().get().find(segment).isEmpty()) {
      problems.add(new WorkflowProblem(where, "unknown segment '" + segment + "'"));
    }
  }

  private static void channel(String where, String channel, List<WorkflowProblem> problems) {
    if (!CHANNEL.matcher(channel).matches()) {
      problems.add(
          new WorkflowProblem(where, "'" + channel + "' must be lower-case letters, digits or _"));
    }
  }

  private static void expression(
      String where, String text, ValidationContext context, List<WorkflowProblem> problems) {
    try {
      SegmentExpression.parseAndValidate(text, context);
    } catch (CdpException e) {
      problems.add(new WorkflowProblem(where, e.getMessage()));
    }
  }

  /** The segment-language text of "an event of the type, where the filter holds". */
  public static String eventExpression(String eventType, @Nullable String filter) {
    String quoted =
        "\"" + eventType.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    return filter == null ? "event " + quoted : "event " + quoted + " where (" + filter + ")";
  }

  private static void steps(
      List<Step> steps,
      ValidationContext context,
      Set<String> ids,
      List<WorkflowProblem> problems) {
    for (Step step : steps) {
      String where = "steps." + step.id();
      if (!STEP_ID.matcher(step.id()).matches()) {
        problems.add(
            new WorkflowProblem(
                where, "step id must be 1 to 64 letters, digits, _ or -, was '" + step.id() + "'"));
      } else if (!ids.add(step.id())) {
        problems.add(new WorkflowProblem(where, "step id '" + step.id() + "' appears twice"));
      }
      if (step instanceof Step.Wait wait) {
        if (wait.duration().isNegative()) {
          problems.add(new WorkflowProblem(where + ".duration", "must not be negative"));
        }
      } else if (step instanceof Step.WaitUntilEvent wait) {
        if (wait.eventType().isBlank()) {
          problems.add(new WorkflowProblem(where + ".eventType", "is blank"));
        }
        if (wait.timeout().isNegative() || wait.timeout().isZero()) {
          problems.add(new WorkflowProblem(where + ".timeout", "must be positive"));
        }
        steps(wait.onEvent(), context, ids, problems);
        steps(wait.onTimeout(), context, ids, problems);
      } else if (step instanceof Step.WaitUntilTime wait) {
        try {
          TagSource.parse(wait.field());
        } catch (InvalidInputException e) {
          problems.add(new WorkflowProblem(where + ".field", e.rule()));
        }
      } else if (step instanceof Step.SendEmail email) {
        if (email.templateId().isBlank()) {
          problems.add(new WorkflowProblem(where + ".templateId", "is missing"));
        }
        MergeTags tags = tags(where, email.tags(), problems);
        if (tags != null) {
          add(where, emailTemplate(email, tags).validate(), problems);
        }
      } else if (step instanceof Step.SendMessage message) {
        MergeTags tags = tags(where, message.tags(), problems);
        if (tags != null) {
          add(where, messageTemplate(message, tags).validate(), problems);
        }
      } else if (step instanceof Step.HttpCall http) {
        MergeTags tags = tags(where, http.tags(), problems);
        if (tags != null) {
          add(where, httpTemplate(http, tags).validate(), problems);
        }
      } else if (step instanceof Step.Branch branch) {
        expression(where + ".condition", branch.condition(), context, problems);
        steps(branch.then(), context, ids, problems);
        steps(branch.otherwise(), context, ids, problems);
      }
    }
  }

  private static void add(String where, List<TemplateProblem> found, List<WorkflowProblem> problems) {
    for (TemplateProblem problem : found) {
      problems.add(new WorkflowProblem(where + "." + problem.where(), problem.message()));
    }
  }

  private static @Nullable MergeTags tags(
      String where, List<MergeTag> tags, List<WorkflowProblem> problems) {
    MergeTags.Builder builder = MergeTags.builder();
    boolean ok = true;
    for (MergeTag tag : tags) {
      try {
        builder.tag(tag.name(), tag.source(), tag.defaultValue());
      } catch (InvalidInputException e) {
        problems.add(
            new WorkflowProblem(where + ".tags." + tag.name(), e.rule() + " (was '" + e.value()
                + "')"));
        ok = false;
      } catch (IllegalStateException e) {
        problems.add(new WorkflowProblem(where + ".tags." + tag.name(), e.getMessage()));
        ok = false;
      }
    }
    return ok ? builder.build() : null;
  }

  /** The merge tags of a validated step. */
  static MergeTags tags(List<MergeTag> tags) {
    MergeTags.Builder builder = MergeTags.builder();
    for (MergeTag tag : tags) {
      builder.tag(tag.name(), tag.source(), tag.defaultValue());
    }
    return builder.build();
  }

  static EmailStepTemplate emailTemplate(Step.SendEmail step, MergeTags tags) {
    return new EmailStepTemplate(
        step.addressProperty(), step.subject(), step.htmlBody(), step.textBody(), tags);
  }

  static MessageStepTemplate messageTemplate(Step.SendMessage step, MergeTags tags) {
    return new MessageStepTemplate(
        step.channel(), step.templateId(), step.phoneProperty(), step.text(), tags);
  }

  static HttpStepTemplate httpTemplate(Step.HttpCall step, MergeTags tags) {
    return new HttpStepTemplate(
        step.method(), step.url(), step.headers(), step.body(), step.expectedStatus(),
        step.timeout(), tags);
  }
}
