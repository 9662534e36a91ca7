/**
 * Storage ports of the segments module: {@link io.cdpkit.segments.spi.SegmentStore} (definitions,
 * memberships, time checks) and {@link io.cdpkit.segments.spi.GroupStore} (static groups). The
 * in-memory implementation is {@link io.cdpkit.segments.memory.InMemorySegmentStore}; the
 * contract kits ship in this module's test-jar ({@code io.cdpkit.segments.spi.contract}).
 */
@NullMarked
package io.cdpkit.segments.spi;

import org.jspecify.annotations.NullMarked;
