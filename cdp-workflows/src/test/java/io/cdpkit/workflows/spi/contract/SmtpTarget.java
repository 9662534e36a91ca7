package io.cdpkit.workflows.spi.contract;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Where the {@link EmailSenderContract} wants a sender to deliver: a plain-text SMTP server on
 * {@code host:port}, with these credentials when they are not {@code null}, giving up on a silent
 * server after {@code timeout}, and using {@code defaultFrom} when a message sets no sender.
 */
public record SmtpTarget(
    String host,
    int port,
    @Nullable String username,
    @Nullable String password,
    Duration timeout,
    String defaultFrom) {}
