/**
 * Implementation details of cdp-core. Not supported API: anything here may change in any release.
 */
@NullMarked
package io.cdpkit.core.internal;

import org.jspecify.annotations.NullMarked;
