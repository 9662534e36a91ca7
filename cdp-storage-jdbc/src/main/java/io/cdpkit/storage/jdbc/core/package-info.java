/**
 * The core module's storage ports written once for every SQL store, over {@link
 * io.cdpkit.storage.jdbc.Sql}: each class is built per transaction by a store's session. For the
 * storage modules; not an API for applications, and it may change in any release.
 */
@NullMarked
package io.cdpkit.storage.jdbc.core;

import org.jspecify.annotations.NullMarked;
