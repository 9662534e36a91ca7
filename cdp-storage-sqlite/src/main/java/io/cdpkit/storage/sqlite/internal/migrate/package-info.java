/**
 * Schema migrations by {@code PRAGMA user_version}. Not supported API: anything here may change in
 * any release.
 */
@NullMarked
package io.cdpkit.storage.sqlite.internal.migrate;

import org.jspecify.annotations.NullMarked;
