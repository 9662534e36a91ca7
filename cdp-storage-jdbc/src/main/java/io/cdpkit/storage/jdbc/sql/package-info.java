/**
 * Segment expressions compiled to SQL: the compiler both SQL stores share and the dialect each
 * store implements. For the storage modules; not an API for applications.
 */
@NullMarked
package io.cdpkit.storage.jdbc.sql;

import org.jspecify.annotations.NullMarked;
