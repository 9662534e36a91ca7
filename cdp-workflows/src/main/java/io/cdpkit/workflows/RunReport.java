package io.cdpkit.workflows;

/**
 * What one {@link WorkflowEngine#runDue} call did.
 *
 * @param signals trigger, event, merge and deletion signals taken from the queue
 * @param enrolled enrollments started by triggers
 * @param advanced enrollments advanced (each as far as it could go)
 */
public record RunReport(int signals, int enrolled, int advanced) {}
