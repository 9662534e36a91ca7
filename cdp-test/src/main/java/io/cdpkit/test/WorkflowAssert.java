package io.cdpkit.test;

import io.cdpkit.workflows.ConversionFigures;
import io.cdpkit.workflows.enrollment.Enrollment;
import io.cdpkit.workflows.enrollment.EnrollmentState;
import java.util.List;
import org.assertj.core.api.AbstractObjectAssert;

/** Assertions on a workflow's enrollments and conversion figures. */
public final class WorkflowAssert extends AbstractObjectAssert<WorkflowAssert, WorkflowView> {

  WorkflowAssert(WorkflowView actual) {
    super(actual, WorkflowAssert.class);
  }

  /** The profile's enrollment in this workflow is in {@code state}. */
  public WorkflowAssert hasEnrollment(String profileId, EnrollmentState state) {
    isNotNull();
    List<Enrollment> enrollments = actual.enrollments().stream().filter(e -> e.profileId().equals(profileId)).toList();
    if (enrollments.stream().noneMatch(e -> e.state() == state)) {
      failWithMessage("Expected %s to have an enrollment of %s in state %s but found %s",
          actual.name(), profileId, state, enrollments.stream().map(Enrollment::state).toList());
    }
    return this;
  }

  /** Entered, completed and converted counts. */
  public WorkflowAssert hasFigures(long entered, long completed, long converted) {
    isNotNull();
    ConversionFigures figures = actual.figures();
    if (figures.entered() != entered || figures.completed() != completed || figures.converted() != converted) {
      failWithMessage("Expected %s to have entered %s, completed %s, converted %s but it has %s",
          actual.name(), entered, completed, converted, figures);
    }
    return this;
  }
}
