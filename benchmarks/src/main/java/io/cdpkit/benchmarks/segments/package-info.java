/** Segment benchmarks: the evaluator against a hand-written loop, live membership, counts. */
@NullMarked
package io.cdpkit.benchmarks.segments;

import org.jspecify.annotations.NullMarked;
