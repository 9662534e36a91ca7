/**
 * Implementation of the segment language. Not supported API: anything here may change in any
 * release. Use {@link io.cdpkit.segments.SegmentExpression} instead.
 */
@NullMarked
package io.cdpkit.segments.internal;

import org.jspecify.annotations.NullMarked;
