/**
 * The segments module's storage ports written once for every SQL store, over {@link
 * io.cdpkit.storage.jdbc.JdbcDatabase}. For the storage modules; not an API for applications, and
 * it may change in any release.
 */
@NullMarked
package io.cdpkit.storage.jdbc.segments;

import org.jspecify.annotations.NullMarked;
