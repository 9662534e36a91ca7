/**
 * Activation: syncing saved segments to destinations (address books, advertising audiences,
 * files, webhooks). Start with {@link io.cdpkit.segments.activation.SegmentSync}; implement {@link
 * io.cdpkit.segments.activation.SegmentDestination} for a new destination and {@link
 * io.cdpkit.segments.activation.SyncStateStore} for a durable state store. {@link
 * io.cdpkit.segments.activation.WebhookDestination} and {@link
 * io.cdpkit.segments.activation.FileDestination} ship.
 */
@NullMarked
package io.cdpkit.segments.activation;

import org.jspecify.annotations.NullMarked;
