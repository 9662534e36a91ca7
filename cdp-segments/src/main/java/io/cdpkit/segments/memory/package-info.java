/** In-memory segment and group store: {@link io.cdpkit.segments.memory.InMemorySegmentStore}. */
@NullMarked
package io.cdpkit.segments.memory;

import org.jspecify.annotations.NullMarked;
