/**
 * JMH benchmarks of the SQLite store, each against a raw JDBC baseline measured in the same run.
 */
@NullMarked
package io.cdpkit.benchmarks.sqlite;

import org.jspecify.annotations.NullMarked;
