/**
 * Implementation of the segment language (json). Not supported API: anything here may change in any
 * release. Use {@link io.cdpkit.segments.SegmentExpression} instead.
 */
@NullMarked
package io.cdpkit.segments.internal.json;

import org.jspecify.annotations.NullMarked;
