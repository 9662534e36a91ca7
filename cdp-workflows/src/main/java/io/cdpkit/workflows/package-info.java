/**
 * Automated journeys: define a {@link io.cdpkit.workflows.Workflow} (trigger, consent rule, goal,
 * re-entry and send policies, steps) and run it with a {@link io.cdpkit.workflows.WorkflowEngine}
 * built on a Cdp and its Segments. Channel senders are in {@code io.cdpkit.workflows.channel},
 * recording senders for tests in {@code io.cdpkit.workflows.testing}. Enrollments ({@code
 * io.cdpkit.workflows.enrollment}) and the storage and sender ports ({@code
 * io.cdpkit.workflows.spi}) are in the {@code cdp-workflows-spi} artifact, which this one brings.
 */
@NullMarked
package io.cdpkit.workflows;

import org.jspecify.annotations.NullMarked;
