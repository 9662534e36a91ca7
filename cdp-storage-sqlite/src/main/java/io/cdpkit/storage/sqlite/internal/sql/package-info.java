/**
 * Segment expressions compiled to SQLite: SQLite's dialect of the shared compiler ({@link
 * io.cdpkit.storage.jdbc.sql.SegmentSqlCompiler}) and the SQL functions it calls. Not
 * supported API: anything here may change in any release; use {@link
 * io.cdpkit.storage.sqlite.SqliteStorage#segmentQueries()}.
 */
@NullMarked
package io.cdpkit.storage.sqlite.internal.sql;

import org.jspecify.annotations.NullMarked;
