package io.cdpkit.workflows.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * One saved version of a workflow definition, as its JSON form ({@code Workflow.toJson()}).
 *
 * @param name the workflow's name
 * @param version the version, from 1
 * @param json the definition
 * @param savedAt when it was saved
 */
public record StoredWorkflow(String name, int version, String json, Instant savedAt) {
  public StoredWorkflow {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(json, "json");
    Objects.requireNonNull(savedAt, "savedAt");
    if (version < 1) {
      throw new IllegalArgumentException("version must be at least 1, was " + version);
    }
  }
}
