/**
 * CDPKit's entry point. Start with {@link io.cdpkit.core.Cdp#builder()} (or {@link
 * io.cdpkit.core.Cdp#inMemory()} in tests), then {@code identify} and {@code track} customers.
 */
@NullMarked
package io.cdpkit.core;

import org.jspecify.annotations.NullMarked;
