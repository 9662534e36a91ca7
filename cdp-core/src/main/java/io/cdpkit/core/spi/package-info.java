/**
 * Storage ports: what cdp-core needs stored. {@link io.cdpkit.core.spi.Storage} is the transaction
 * boundary; inside a {@link io.cdpkit.core.spi.StorageSession} the ports {@link
 * io.cdpkit.core.spi.ProfileStore}, {@link io.cdpkit.core.spi.EventStore}, {@link
 * io.cdpkit.core.spi.IdentityIndex} and {@link io.cdpkit.core.spi.AttributeHistory} read and
 * write. {@link io.cdpkit.core.spi.DocumentStore} keeps named documents and claims beside them.
 * Implementations: the in-memory store in cdp-core and the SQL stores; each passes the
 * contract kit shipped in cdp-core's test-jar ({@code io.cdpkit.core.spi.contract}).
 */
@NullMarked
package io.cdpkit.core.spi;

import org.jspecify.annotations.NullMarked;
