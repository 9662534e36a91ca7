/**
 * Segment expressions compiled to SQLite: the compiler and the SQL functions it calls. Not
 * supported API: anything here may change in any release; use {@link
 * io.cdpkit.storage.sqlite.SqliteStorage#segmentQueries()}.
 */
@NullMarked
package io.cdpkit.storage.sqlite.internal.sql;

import org.jspecify.annotations.NullMarked;
