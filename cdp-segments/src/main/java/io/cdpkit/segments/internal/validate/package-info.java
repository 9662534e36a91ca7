/**
 * Implementation of the segment language (validate). Not supported API: anything here may change in any
 * release. Use {@link io.cdpkit.segments.SegmentExpression} instead.
 */
@NullMarked
package io.cdpkit.segments.internal.validate;

import org.jspecify.annotations.NullMarked;
