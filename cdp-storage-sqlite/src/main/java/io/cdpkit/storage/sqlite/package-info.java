/**
 * A durable store for CDPKit on one SQLite file. Start with {@link
 * io.cdpkit.storage.sqlite.SqliteStorage#open(java.nio.file.Path)} and pass it to {@code
 * Cdp.builder().storage(...)}; tune it with {@link io.cdpkit.storage.sqlite.SqliteOptions} (for
 * example {@link io.cdpkit.storage.sqlite.Durability}). The segments and workflows modules keep
 * their state on the same file through {@code segmentStore()}, {@code groupStore()} and {@code
 * enrollmentStore()}. Failures are {@link
 * io.cdpkit.storage.sqlite.SqliteStorageException}s, which say what kind of failure it was.
 */
@NullMarked
package io.cdpkit.storage.sqlite;

import org.jspecify.annotations.NullMarked;
