/**
 * The segment language: parse, print, validate and evaluate boolean expressions over a profile
 * and its events.
 *
 * <p>Start with {@link io.cdpkit.segments.SegmentExpression#parse(String)}, then {@link
 * io.cdpkit.segments.SegmentExpression#compile()} once and {@link
 * io.cdpkit.segments.CompiledSegment#evaluate} many times with an {@link
 * io.cdpkit.segments.EvaluationContext}. The syntax tree lives in {@link io.cdpkit.segments.ast}.
 */
@NullMarked
package io.cdpkit.segments;

import org.jspecify.annotations.NullMarked;
