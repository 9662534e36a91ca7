/**
 * The segment syncs the command-line tool and the dashboard keep beside a database ({@link
 * io.cdpkit.app.syncs.SyncDefinitions}), which {@code cdp serve} and {@code cdp sync run} apply.
 */
@NullMarked
package io.cdpkit.app.syncs;

import org.jspecify.annotations.NullMarked;
