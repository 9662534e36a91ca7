/**
 * What CDPKit's SQL stores share: the JSON shapes of their columns and the compiler of segment
 * expressions into SQL. For the storage modules; not an API for applications, and it may change in
 * any release.
 */
@NullMarked
package io.cdpkit.storage.jdbc;

import org.jspecify.annotations.NullMarked;
