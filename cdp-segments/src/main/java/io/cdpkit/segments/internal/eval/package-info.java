/**
 * Implementation of the segment language (eval). Not supported API: anything here may change in any
 * release. Use {@link io.cdpkit.segments.SegmentExpression} instead.
 */
@NullMarked
package io.cdpkit.segments.internal.eval;

import org.jspecify.annotations.NullMarked;
