/**
 * Implementation of the SQLite store: connections and transactions, the shared caches, schema
 * migrations by {@code PRAGMA user_version}, and the SQL functions registered on each connection.
 * Not supported API: anything here may change in any release; use {@link
 * io.cdpkit.storage.sqlite.SqliteStorage}.
 */
@NullMarked
package io.cdpkit.storage.sqlite.internal;

import org.jspecify.annotations.NullMarked;
