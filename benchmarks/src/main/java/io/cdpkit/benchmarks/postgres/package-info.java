/**
 * JMH benchmarks of the PostgreSQL store, each against a raw JDBC baseline measured in the same
 * run, on a PostgreSQL server the benchmark starts itself from zonky's embedded binaries.
 */
@NullMarked
package io.cdpkit.benchmarks.postgres;

import org.jspecify.annotations.NullMarked;
