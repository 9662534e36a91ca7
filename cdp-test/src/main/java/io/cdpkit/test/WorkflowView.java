package io.cdpkit.test;

import io.cdpkit.workflows.ConversionFigures;
import io.cdpkit.workflows.enrollment.Enrollment;
import io.cdpkit.workflows.WorkflowEngine;
import java.util.List;

/** A saved workflow's enrollments and figures, for {@link CdpAssertions#assertThat(WorkflowView)}. */
public record WorkflowView(String name, WorkflowEngine engine) {

  public List<Enrollment> enrollments() {
    return engine.enrollments(name);
  }

  public ConversionFigures figures() {
    return engine.figures(name);
  }
}
