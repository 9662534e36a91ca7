/** The predictions every process of the product reads from the fit kept in the store. */
@NullMarked
package io.cdpkit.app.predictions;

import org.jspecify.annotations.NullMarked;
