/** Implementation of the platform; unsupported, may change in any release. */
@NullMarked
package io.cdpkit.platform.internal;

import org.jspecify.annotations.NullMarked;
