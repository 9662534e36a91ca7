/**
 * The in-memory {@link io.cdpkit.workflows.spi.EnrollmentStore}: start with {@link
 * io.cdpkit.workflows.memory.InMemoryEnrollmentStore}.
 */
@NullMarked
package io.cdpkit.workflows.memory;

import org.jspecify.annotations.NullMarked;
