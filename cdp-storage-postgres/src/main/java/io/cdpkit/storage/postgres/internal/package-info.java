/**
 * Implementation of the PostgreSQL store: the pool, transactions with retry, migrations and the
 * ports over SQL. Not supported API: anything here may change in any release; use {@link
 * io.cdpkit.storage.postgres.PostgresStorage}.
 */
@NullMarked
package io.cdpkit.storage.postgres.internal;

import org.jspecify.annotations.NullMarked;
