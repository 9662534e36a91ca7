package io.cdpkit.app.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdpkit.core.Cdp;
import io.cdpkit.core.InvalidInputException;
import io.cdpkit.workflows.Audience;
import io.cdpkit.workflows.BroadcastResult;
import io.cdpkit.workflows.ConversionFigures;
import io.cdpkit.workflows.enrollment.Enrollment;
import io.cdpkit.workflows.EnrollmentNotFoundException;
import io.cdpkit.workflows.IllegalTransitionException;
import io.cdpkit.workflows.Workflow;
import io.cdpkit.workflows.WorkflowEngine;
import io.cdpkit.workflows.WorkflowInUseException;
import io.cdpkit.workflows.WorkflowNotFoundException;
import io.cdpkit.workflows.WorkflowValidationException;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * {@code /api/workflows}: automated journeys.
 *
 * <ul>
 *   <li>{@code GET /api/workflows}: each with enabled state, trigger, and entered, completed,
 *       converted and conversion %;
 *   <li>{@code POST /api/workflows}: creates one from its JSON form ({@code cdp-workflows}' format
 *       1, as the page's form writes it), disabled unless it says {@code "enabled": true};
 *   <li>{@code GET /api/workflows/NAME}: the definition as steps, figures and failed enrollments;
 *   <li>{@code POST /api/workflows/NAME/enable|disable}; {@code POST .../broadcast} {@code
 *       {"segment"}} enrolls a saved segment's members now;
 *   <li>{@code POST /api/workflows/enrollments/ID/retry}: retries a failed enrollment.
 * </ul>
 */
final class WorkflowsApi implements ApiHandler {
  private final WorkflowEngine engine;
  private final Cdp cdp;
  private final Labels labels;

  WorkflowsApi(WorkflowEngine engine, Cdp cdp, Labels labels) {
    this.engine = Objects.requireNonNull(engine, "engine");
    this.cdp = Objects.requireNonNull(cdp, "cdp");
    this.labels = Objects.requireNonNull(labels, "labels");
  }

  @Override
  public void handle(ApiRequest request) throws IOException {
    List<String> path = request.path();
    try {
      if (path.isEmpty()) {
        if (request.method().equals("POST")) {
          create(request);
        } else {
          request.allow("GET", "POST");
          ArrayNode list = ChartJson.MAPPER.createArrayNode();
          engine.list().forEach(workflow -> list.add(summary(workflow)));
          request.sendJson(200, list);
        }
      } else if (path.size() == 3 && path.get(0).equals("enrollments") && path.get(2).equals("retry")) {
        request.allow("POST");
        Enrollment retried = engine.retry(path.get(1));
        request.sendJson(200, enrollment(retried));
      } else if (path.size() == 1) {
        request.allow("GET");
        request.sendJson(200, detail(engine.get(path.get(0))));
      } else if (path.size() == 2) {
        action(request, path.get(0), path.get(1));
      } else {
        throw new NotFoundException("no endpoint /api/workflows/" + String.join("/", path));
      }
    } catch (WorkflowNotFoundException | EnrollmentNotFoundException e) {
      throw new NotFoundException(e.getMessage());
    } catch (WorkflowInUseException | IllegalTransitionException e) {
      throw new ConflictException(e.getMessage());
    } catch (WorkflowValidationException | InvalidInputException e) {
      throw new BadParameterException("workflow", e.getMessage());
    }
  }

  private void create(ApiRequest request) throws IOException {
    JsonNode body = request.jsonBody();
    String name = ApiRequest.text(body, "name");
    if (engine.find(name).isPresent()) {
      throw new ConflictException("a workflow named '" + name + "' exists already; choose another name");
    }
    ObjectNode form = body.deepCopy();
    form.put("format", 1);
    form.put("version", 0);
    if (!form.has("enabled")) {
      form.put("enabled", false);
    }
    Workflow saved = engine.save(Workflow.fromJson(ChartJson.MAPPER.writeValueAsString(form)));
    request.sendJson(201, detail(saved));
  }

  private void action(ApiRequest request, String name, String action) throws IOException {
    request.allow("POST");
    engine.get(name);
    switch (action) {
      case "enable" -> engine.enable(name);
      case "disable" -> engine.disable(name);
      case "broadcast" -> {
        String segment = ApiRequest.text(request.jsonBody(), "segment");
        BroadcastResult result = engine.broadcast(name, Audience.segment(segment));
        ObjectNode json = detail(engine.get(name));
        json.putObject("broadcast").put("members", result.members()).put("enrolled", result.enrolled())
            .put("refused", result.refused());
        request.sendJson(200, json);
        return;
      }
      default -> throw new NotFoundException("no endpoint for workflow " + name + ": " + action);
    }
    request.sendJson(200, detail(engine.get(name)));
  }

  private ObjectNode summary(Workflow workflow) {
    ObjectNode json = ChartJson.MAPPER.createObjectNode()
        .put("name", workflow.name())
        .put("version", workflow.version())
        .put("enabled", workflow.enabled())
        .put("trigger", WorkflowDescriptions.trigger(workflow.trigger()));
    ConversionFigures figures = engine.figures(workflow.name());
    json.putObject("figures")
        .put("entered", figures.entered())
        .put("active", figures.active())
        .put("completed", figures.completed())
        .put("exitedOnGoal", figures.exitedOnGoal())
        .put("failed", figures.failed())
        .put("converted", figures.converted())
        .put("conversionPercent", Math.round(figures.conversionPercent() * 10) / 10.0);
    return json;
  }

  private ObjectNode detail(Workflow workflow) {
    ObjectNode json = summary(workflow);
    json.put("consent", WorkflowDescriptions.consent(workflow));
    json.put("goal", WorkflowDescriptions.goal(workflow));
    json.set("steps", WorkflowDescriptions.steps(workflow.steps()));
    ArrayNode failed = json.putArray("failed");
    engine.failed(workflow.name()).forEach(enrollment -> failed.add(enrollment(enrollment)));
    return json;
  }

  private ObjectNode enrollment(Enrollment enrollment) {
    return ChartJson.MAPPER.createObjectNode()
        .put("id", enrollment.id())
        .put("profileId", enrollment.profileId())
        .put("customer", cdp.findProfile(enrollment.profileId()).map(Labels::name).orElse(enrollment.profileId()))
        .put("state", enrollment.state().name().toLowerCase(Locale.ROOT))
        .put("step", enrollment.stepId())
        .put("enteredAt", labels.time(enrollment.enteredAt()))
        .put("reason", enrollment.reason());
  }
}
