/**
 * Delivery to the outside world, shared by workflow sends and segment syncs: the one {@link
 * io.cdpkit.core.delivery.DeliveryOutcome} a sender or destination answers (delivered, retryable
 * with an optional wait, permanent), the one {@link io.cdpkit.core.delivery.RetryPolicy}, the
 * one {@link io.cdpkit.core.delivery.HostAllowList} of hosts an HTTP delivery may reach, {@link
 * io.cdpkit.core.delivery.HttpAnswers} (how an HTTP answer becomes an outcome, {@code
 * Retry-After}), {@link io.cdpkit.core.delivery.WebhookSignature} (the HMAC signature of a
 * posted body) and {@link io.cdpkit.core.delivery.DueWork} (work a scheduler runs when due).
 */
@NullMarked
package io.cdpkit.core.delivery;

import org.jspecify.annotations.NullMarked;
