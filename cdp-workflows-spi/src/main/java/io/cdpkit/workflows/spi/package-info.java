/**
 * The ports workflows send through: {@link io.cdpkit.workflows.spi.EmailSender}, {@link
 * io.cdpkit.workflows.spi.MessageSender} and {@link io.cdpkit.workflows.spi.HttpStepClient}, the
 * requests they take ({@link io.cdpkit.workflows.spi.EmailMessage}, {@link
 * io.cdpkit.workflows.spi.ChannelMessage}, {@link io.cdpkit.workflows.spi.HttpRequestSpec}), each
 * carrying an {@link io.cdpkit.workflows.spi.IdempotencyKey}, and the {@link
 * io.cdpkit.core.delivery.DeliveryOutcome} they return. Start with a port; ready-made implementations
 * are in {@code io.cdpkit.workflows.channel} and, for tests, {@code io.cdpkit.workflows.testing}.
 * {@link io.cdpkit.core.delivery.RetryPolicy} says how retryable failures are retried.
 */
@NullMarked
package io.cdpkit.workflows.spi;

import org.jspecify.annotations.NullMarked;
