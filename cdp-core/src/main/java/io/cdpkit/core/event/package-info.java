/** Events on a profile's timeline and the queries over them. */
@NullMarked
package io.cdpkit.core.event;

import org.jspecify.annotations.NullMarked;
