/**
 * Implementation of the segment language (parse). Not supported API: anything here may change in any
 * release. Use {@link io.cdpkit.segments.SegmentExpression} instead.
 */
@NullMarked
package io.cdpkit.segments.internal.parse;

import org.jspecify.annotations.NullMarked;
