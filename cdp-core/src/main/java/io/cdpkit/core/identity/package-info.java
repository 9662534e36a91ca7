/**
 * Identifiers (email, phone, user and device ids, channel ids) and how values are normalised.
 */
@NullMarked
package io.cdpkit.core.identity;

import org.jspecify.annotations.NullMarked;
