/** The in-memory store: {@link io.cdpkit.core.storage.memory.InMemoryStorage#create()}. */
@NullMarked
package io.cdpkit.core.storage.memory;

import org.jspecify.annotations.NullMarked;
