/**
 * The workflows module's storage port written once for every SQL store, over {@link
 * io.cdpkit.storage.jdbc.JdbcDatabase}. For the storage modules; not an API for applications, and
 * it may change in any release.
 */
@NullMarked
package io.cdpkit.storage.jdbc.workflows;

import org.jspecify.annotations.NullMarked;
