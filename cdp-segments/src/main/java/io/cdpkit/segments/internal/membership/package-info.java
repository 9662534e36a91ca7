/** Saved segments and live membership. Not supported API: anything here may change. */
@NullMarked
package io.cdpkit.segments.internal.membership;

import org.jspecify.annotations.NullMarked;
