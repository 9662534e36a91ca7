package io.cdpkit.workflows.internal.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdpkit.workflows.Workflow;
import io.cdpkit.workflows.WorkflowProblem;
import io.cdpkit.workflows.WorkflowValidationException;
import java.util.List;

/*
 * Hand-written tree mapping rather than Jackson annotations: the JSON shape is a documented,
 * versioned format ("format": 1) that must not move when a record gains a component, and reading
 * collects every problem instead of stopping at the first. WorkflowWriter writes the form;
 * WorkflowReader and StepReader read it, collecting problems in JsonFields.
 */

/** Reads and writes the JSON form of a {@link Workflow}. */
public final class WorkflowJson {
  /** The format number written and read. */
  public static final int FORMAT = 1;

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private WorkflowJson() {}

  /** The JSON form, fields in a fixed order, nulls left out. */
  public static String write(Workflow workflow) {
    return WorkflowWriter.write(workflow);
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
    JsonFields fields = new JsonFields();
    Workflow workflow = new WorkflowReader(fields).workflow(root);
    if (!fields.problems.isEmpty() || workflow == null) {
      String name = root != null && root.path("name").isTextual() ? root.get("name").asText() : "?";
      throw new WorkflowValidationException(name, fields.problems);
    }
    return workflow;
  }
}
