/**
 * Implementation of predictions: reading orders, fitting, storing fits. Unsupported: may change
 * in any release.
 */
@NullMarked
package io.cdpkit.predictions.internal;

import org.jspecify.annotations.NullMarked;
