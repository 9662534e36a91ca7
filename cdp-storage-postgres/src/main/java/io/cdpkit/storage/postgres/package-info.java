/**
 * CDPKit's store on PostgreSQL, for several application instances sharing one database. Start with
 * {@link io.cdpkit.storage.postgres.PostgresStorage#open(String)} and pass it to {@code
 * Cdp.builder().storage(...)}; the segments and workflows modules keep their state in the same
 * database through {@code segmentStore()}, {@code groupStore()}, {@code enrollmentStore()} and
 * {@code syncStateStore()}. Failures are {@link
 * io.cdpkit.storage.postgres.PostgresStorageException}s.
 */
@NullMarked
package io.cdpkit.storage.postgres;

import org.jspecify.annotations.NullMarked;
