/**
 * Implementation of the SQLite store: connections and transactions, the four ports over SQL, JSON
 * columns and the shared caches. Not supported API: anything here may change in any release; use
 * {@link io.cdpkit.storage.sqlite.SqliteStorage}.
 */
@NullMarked
package io.cdpkit.storage.sqlite.internal;

import org.jspecify.annotations.NullMarked;
