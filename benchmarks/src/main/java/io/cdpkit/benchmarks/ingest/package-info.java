/**
 * JMH benchmarks of bulk ingest through the library (the event importer and {@code
 * Cdp.trackAll}) against plain JDBC batch inserts of the same events, on SQLite and PostgreSQL.
 */
@NullMarked
package io.cdpkit.benchmarks.ingest;

import org.jspecify.annotations.NullMarked;
