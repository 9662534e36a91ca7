/**
 * What CDPKit's SQL stores share. {@link io.cdpkit.storage.jdbc.JdbcStorage} is the supertype of
 * {@code SqliteStorage} and {@code PostgresStorage}; start there. The rest is for the storage
 * modules, not an API for applications, and may change in any release: the transaction face each
 * store implements ({@link io.cdpkit.storage.jdbc.JdbcDatabase}), the JDBC idiom ({@link
 * io.cdpkit.storage.jdbc.Sql}), what differs between databases ({@link
 * io.cdpkit.storage.jdbc.JdbcDialect}, {@link io.cdpkit.storage.jdbc.RowClaims}), the JSON shapes
 * of columns and the compiler of segment expressions into SQL.
 */
@NullMarked
package io.cdpkit.storage.jdbc;

import org.jspecify.annotations.NullMarked;
