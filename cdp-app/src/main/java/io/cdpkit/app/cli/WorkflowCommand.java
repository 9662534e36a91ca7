package io.cdpkit.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdpkit.core.InvalidInputException;
import io.cdpkit.core.spi.AttributeJson;
import io.cdpkit.workflows.ConversionFigures;
import io.cdpkit.workflows.enrollment.Enrollment;
import io.cdpkit.workflows.enrollment.HistoryEntry;
import io.cdpkit.workflows.Preview;
import io.cdpkit.workflows.Trigger;
import io.cdpkit.workflows.Workflow;
import io.cdpkit.workflows.WorkflowEngine;
import io.cdpkit.workflows.spi.ChannelMessage;
import io.cdpkit.workflows.spi.EmailMessage;
import io.cdpkit.workflows.spi.HttpRequestSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cdp workflow save|list|show|enable|disable|abort|delete|stats|failed|retry|preview}:
 * workflows kept in the database. Their steps run on {@code cdp run} (once) or {@code cdp serve}.
 */
@Command(
    name = "workflow",
    description = "Save workflows from JSON files, enable, disable, abort, delete, preview them,"
        + " and see their figures and failures. Steps run on cdp run or cdp serve.",
    footer = {"", "Examples:", "  cdp workflow save welcome.json",
        "  cdp workflow preview welcome email:ann@example.com", "  cdp workflow stats welcome",
        "  cdp workflow abort welcome --yes"},
    subcommands = {
      WorkflowCommand.Save.class,
      WorkflowCommand.ListWorkflows.class,
      WorkflowCommand.Show.class,
      WorkflowCommand.Enable.class,
      WorkflowCommand.Disable.class,
      WorkflowCommand.Abort.class,
      WorkflowCommand.Delete.class,
      WorkflowCommand.Stats.class,
      WorkflowCommand.Failed.class,
      WorkflowCommand.Retry.class,
      WorkflowCommand.PreviewCommand.class
    })
final class WorkflowCommand {
  private WorkflowCommand() {}

  /** Reads a workflow's JSON form from a file, naming the file when it cannot. */
  static Workflow read(Path file) {
    try {
      return Workflow.fromJson(Files.readString(file, StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      throw new InvalidInputException("FILE", file, "no such file");
    } catch (IOException e) {
      throw new InvalidInputException("FILE", file, "cannot be read: " + e.getMessage());
    }
  }

  @Command(name = "save", description = "Save (or update to a new version) a workflow from its JSON form.",
      footer = {"", "A workflow that emails whoever signs up (welcome.json):",
          "  {\"name\": \"welcome\",",
          "   \"trigger\": {\"type\": \"eventAdded\", \"eventType\": \"signup\"},",
          "   \"consent\": {\"channel\": \"email\"},",
          "   \"steps\": [",
          "     {\"type\": \"wait\", \"id\": \"pause\", \"duration\": \"PT1H\"},",
          "     {\"type\": \"sendEmail\", \"id\": \"hello\", \"templateId\": \"welcome\",",
          "      \"addressProperty\": \"$identifier.email\",",
          "      \"subject\": \"Hi {{name}}\", \"textBody\": \"Welcome!\",",
          "      \"tags\": [{\"name\": \"name\", \"source\": \"name\",",
          "                \"default\": \"there\"}]}]}",
          "It enrolls profiles with email consent granted (cdp consent ID email granted).",
          "Triggers: eventAdded, enteredSegment, leftSegment (with segment), broadcastOnly.",
          "Steps: wait, waitUntilEvent, waitUntilTime, sendEmail, sendMessage, httpCall,"
              + " branch. consent {\"ignoreConsent\": true} sends without recorded consent. The"
              + " full format: cdp-workflows/README.md; cdp workflow show NAME prints a saved one.",
          "", "Example:", "  cdp workflow save welcome.json"})
  static final class Save extends Base {
    @Parameters(paramLabel = "FILE.json")
    Path file;

    @Override
    public Integer call() {
      Workflow workflow = read(file);
      try (Session session = root().open()) {
        Workflow saved = session.platform.workflows().save(workflow);
        ObjectNode json = Json.object().put("name", saved.name()).put("version", saved.version())
            .put("enabled", saved.enabled());
        return print(json, "saved workflow " + saved.name() + " version " + saved.version()
            + (saved.enabled() ? " (enabled)" : " (disabled)"));
      }
    }
  }

  @Command(name = "list", description = "Every workflow with its version, state and trigger.")
  static final class ListWorkflows extends Base {
    @Override
    public Integer call() {
      try (Session session = root().open()) {
        List<Workflow> workflows = session.platform.workflows().list();
        ObjectNode json = Json.object();
        ArrayNode items = json.putArray("workflows");
        StringBuilder text = new StringBuilder();
        for (Workflow workflow : workflows) {
          JsonNode trigger = triggerOf(workflow);
          items.addObject().put("name", workflow.name()).put("version", workflow.version())
              .put("enabled", workflow.enabled()).set("trigger", trigger);
          text.append(String.format("%-24s v%-3d %-8s %s%n", workflow.name(), workflow.version(),
              workflow.enabled() ? "enabled" : "disabled", describe(workflow.trigger())));
        }
        text.append(Words.count(workflows.size(), "workflow", "workflows"));
        return print(json, text.toString());
      }
    }

    /** What starts the workflow, in words: "on event signup", "on entering segment vip". */
    private static String describe(Trigger trigger) {
      if (trigger instanceof Trigger.EnteredSegment entered) {
        return "on entering segment " + entered.segment();
      }
      if (trigger instanceof Trigger.LeftSegment left) {
        return "on leaving segment " + left.segment();
      }
      if (trigger instanceof Trigger.EventAdded event) {
        String where = event.property() != null ? " where " + event.property() + " = " + event.equalsValue()
            : event.filter() != null ? " where " + event.filter() : "";
        return "on event " + event.eventType() + where;
      }
      return "by broadcast only";
    }

    private static JsonNode triggerOf(Workflow workflow) {
      try {
        return AttributeJson.mapper().readTree(workflow.toJson()).get("trigger");
      } catch (IOException e) {
        throw new IllegalStateException("a workflow's own JSON always reads", e);
      }
    }
  }

  @Command(name = "show", description = "A workflow's JSON form, as saved (the form save reads).")
  static final class Show extends Base {
    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    public Integer call() {
      try (Session session = root().open()) {
        String form = session.platform.workflows().get(name).toJson();
        try {
          return print(AttributeJson.mapper().readTree(form), form);
        } catch (IOException e) {
          throw new IllegalStateException("a workflow's own JSON always reads", e);
        }
      }
    }
  }

  @Command(name = "enable", description = "Take new entries again and resume paused enrollments.")
  static final class Enable extends Base {
    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    public Integer call() {
      try (Session session = root().open()) {
        session.platform.workflows().enable(name);
        return print(Json.object().put("enabled", name), "enabled " + name);
      }
    }
  }

  @Command(name = "disable", description = "Stop new entries and pause the workflow's enrollments.")
  static final class Disable extends Base {
    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    public Integer call() {
      try (Session session = root().open()) {
        session.platform.workflows().disable(name);
        return print(Json.object().put("disabled", name), "disabled " + name);
      }
    }
  }

  @Command(name = "abort", description = "Disable a workflow and cancel every running enrollment.")
  static final class Abort extends Base {
    @Parameters(paramLabel = "NAME")
    String name;

    @Option(names = "--yes", description = "Do it without asking.")
    boolean yes;

    @Override
    public Integer call() {
      try (Session session = root().open()) {
        session.platform.workflows().get(name);
        Confirmation.require(spec, yes, "cancel every running enrollment of workflow " + name);
        int cancelled = session.platform.workflows().abort(name);
        return print(Json.object().put("aborted", name).put("cancelled", cancelled),
            "aborted " + name + ": " + Words.count(cancelled, "enrollment", "enrollments") + " cancelled");
      }
    }
  }

  @Command(name = "delete", description = "Delete a workflow with its versions and enrollments"
      + " (refused while enrollments run: abort first).")
  static final class Delete extends Base {
    @Parameters(paramLabel = "NAME")
    String name;

    @Option(names = "--yes", description = "Do it without asking.")
    boolean yes;

    @Override
    public Integer call() {
      try (Session session = root().open()) {
        session.platform.workflows().get(name);
        Confirmation.require(spec, yes, "delete workflow " + name + " and its enrollments");
        session.platform.workflows().delete(name);
        return print(Json.object().put("deleted", name), "deleted workflow " + name);
      }
    }
  }

  @Command(name = "stats", description = "How many entered, completed, met the goal, failed.")
  static final class Stats extends Base {
    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    public Integer call() {
      try (Session session = root().open()) {
        WorkflowEngine engine = session.platform.workflows();
        engine.get(name);
        ConversionFigures figures = engine.figures(name);
        ObjectNode json = Json.object().put("workflow", name)
            .put("entered", figures.entered()).put("active", figures.active())
            .put("completed", figures.completed()).put("exited_on_goal", figures.exitedOnGoal())
            .put("failed", figures.failed()).put("cancelled", figures.cancelled())
            .put("converted", figures.converted())
            .put("conversion_percent", Math.round(figures.conversionPercent() * 10) / 10.0);
        String text = String.format(Locale.ROOT,
            "%s: entered %d, active %d, completed %d, exited on goal %d, failed %d, cancelled %d,"
                + " converted %d (%.1f%%)", name, figures.entered(), figures.active(),
            figures.completed(), figures.exitedOnGoal(), figures.failed(), figures.cancelled(),
            figures.converted(), figures.conversionPercent());
        return print(json, text);
      }
    }
  }

  @Command(name = "failed", description = "A workflow's failed enrollments (dead letters), with why.",
      footer = {"", "Retry one with: cdp workflow retry ENROLLMENT_ID"})
  static final class Failed extends Base {
    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    public Integer call() {
      try (Session session = root().open()) {
        session.platform.workflows().get(name);
        List<Enrollment> failed = session.platform.workflows().failed(name);
        ObjectNode json = Json.object().put("workflow", name);
        ArrayNode items = json.putArray("failed");
        StringBuilder text = new StringBuilder();
        for (Enrollment enrollment : failed) {
          items.add(enrollment(enrollment));
          text.append(enrollment.id()).append("  ").append(enrollment.profileId()).append("  step ")
              .append(enrollment.stepId()).append("  ").append(enrollment.reason())
              .append(System.lineSeparator());
        }
        text.append(Words.count(failed.size(), "failed enrollment", "failed enrollments"));
        return print(json, text.toString());
      }
    }
  }

  @Command(name = "retry", description = "Try a failed enrollment again from the step that failed"
      + " (on the next cdp run).")
  static final class Retry extends Base {
    @Parameters(paramLabel = "ENROLLMENT_ID", description = "As cdp workflow failed lists them.")
    String enrollmentId;

    @Override
    public Integer call() {
      try (Session session = root().open()) {
        Enrollment enrollment = session.platform.workflows().retry(enrollmentId);
        return print(enrollment(enrollment), "retrying " + enrollment.id() + " at step "
            + enrollment.stepId() + " (attempt " + enrollment.attempt() + ") on the next cdp run");
      }
    }
  }

  @Command(name = "preview", description = "What a workflow would do for one profile, simulated"
      + " from now: nothing is sent or stored.",
      footer = {"", "Example:", "  cdp workflow preview welcome email:ann@example.com"})
  static final class PreviewCommand extends Base {
    @Parameters(index = "0", paramLabel = "NAME_OR_FILE.json",
        description = "A saved workflow's name, or a workflow JSON file not saved yet.")
    String workflow;

    @Parameters(index = "1", paramLabel = "PROFILE", description = "A profile id or type:value.")
    String profile;

    @Override
    public Integer call() {
      try (Session session = root().open()) {
        WorkflowEngine engine = session.platform.workflows();
        Workflow definition = workflow.endsWith(".json") && engine.find(workflow).isEmpty()
            ? read(Path.of(workflow)) : engine.get(workflow);
        String profileId = resolve(session.cdp, profile).id();
        Preview preview = engine.preview(definition, profileId, root().clock().instant());
        ObjectNode json = Json.object().put("workflow", preview.workflow())
            .put("profile_id", preview.profileId())
            .put("final_state", preview.finalState().name().toLowerCase(Locale.ROOT));
        ArrayNode path = json.putArray("path");
        StringBuilder text = new StringBuilder();
        for (HistoryEntry entry : preview.path()) {
          path.addObject().put("at", entry.at().toString()).put("what", entry.what());
          text.append(Instants.text(entry.at())).append("  ").append(entry.what()).append(System.lineSeparator());
        }
        ArrayNode sends = json.putArray("sends");
        for (Preview.Send send : preview.sends()) {
          ObjectNode item = sends.addObject().put("at", send.at().toString())
              .put("channel", send.channel()).put("step", send.key().stepId());
          describe(send.request(), item);
          text.append(Instants.text(send.at())).append("  step ").append(send.key().stepId()).append(" would send ")
              .append(send.channel()).append(" to ").append(item.path("to").asText()).append(": ")
              .append(item.path("subject").asText(item.path("text").asText(""))).append(System.lineSeparator());
        }
        text.append("ends ").append(preview.finalState().name().toLowerCase(Locale.ROOT))
            .append(", ").append(Words.count(preview.sends().size(), "send", "sends"));
        return print(json, text.toString());
      }
    }
  }

  /** The rendered request's parts a person checks: recipient and subject or text. */
  private static void describe(Object request, ObjectNode into) {
    if (request instanceof EmailMessage email) {
      into.put("to", email.to()).put("subject", email.subject());
    } else if (request instanceof ChannelMessage message) {
      into.put("to", message.to()).put("text", message.text());
    } else if (request instanceof HttpRequestSpec http) {
      into.put("to", http.method() + " " + http.uri());
    }
  }

  static ObjectNode enrollment(Enrollment enrollment) {
    ObjectNode node = Json.object().put("id", enrollment.id())
        .put("workflow", enrollment.workflow()).put("version", enrollment.version())
        .put("profile_id", enrollment.profileId())
        .put("state", enrollment.state().name().toLowerCase(Locale.ROOT))
        .put("step", enrollment.stepId()).put("attempt", enrollment.attempt())
        .put("entered_at", enrollment.enteredAt().toString());
    if (enrollment.reason() != null) {
      node.put("reason", enrollment.reason());
    }
    return node;
  }
}
