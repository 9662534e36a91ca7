/**
 * A profile's way through a workflow as the engine and its store see it: {@link
 * io.cdpkit.workflows.enrollment.Enrollment}, where it stands ({@link
 * io.cdpkit.workflows.enrollment.EnrollmentState}) and what happened ({@link
 * io.cdpkit.workflows.enrollment.HistoryEntry}). These types sit in {@code cdp-workflows-spi}
 * beside the {@link io.cdpkit.workflows.spi.EnrollmentStore} port, so that a store needs no engine.
 */
@NullMarked
package io.cdpkit.workflows.enrollment;

import org.jspecify.annotations.NullMarked;
