package io.cdpkit.workflows.internal.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdpkit.workflows.WorkflowProblem;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads typed fields of a JSON tree and collects a problem for each one that is missing, mistyped
 * or unknown, so that reading reports every problem instead of stopping at the first.
 */
final class JsonFields {
  final List<WorkflowProblem> problems = new ArrayList<>();

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

  @Nullable LocalTime time(JsonNode node, String field, String where) {
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
