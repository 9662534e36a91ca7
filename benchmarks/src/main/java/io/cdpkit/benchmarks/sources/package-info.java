/**
 * Benchmarks of sources: tracking messages mapped and ingested, against direct {@code track} calls.
 */
@NullMarked
package io.cdpkit.benchmarks.sources;

import org.jspecify.annotations.NullMarked;
