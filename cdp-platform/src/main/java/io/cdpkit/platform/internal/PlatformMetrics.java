package io.cdpkit.platform.internal;

import io.cdpkit.core.Cdp;
import io.cdpkit.platform.DueWorkReport;
import io.cdpkit.segments.RefreshResult;
import io.cdpkit.segments.Segments;
import io.cdpkit.workflows.spi.EmailSender;
import io.cdpkit.workflows.spi.HttpStepClient;
import io.cdpkit.workflows.spi.MessageSender;
import java.util.function.Supplier;

/**
 * Where the platform reports what it does. {@link #NONE} when no meter registry was given; the
 * Micrometer implementation is only loaded when one was, so Micrometer stays an optional
 * dependency.
 */
public interface PlatformMetrics {
  /** Reports nothing. */
  PlatformMetrics NONE = new PlatformMetrics() {};

  /** Observes ingestion, merges and membership transitions of the built parts. */
  default void observe(Cdp cdp, Segments segments) {}

  /** The sender, counting its sends by outcome. */
  default EmailSender email(EmailSender sender) {
    return sender;
  }

  /** The sender, counting its sends by channel and outcome. */
  default MessageSender messages(MessageSender sender) {
    return sender;
  }

  /** The client, counting its calls by outcome. */
  default HttpStepClient http(HttpStepClient client) {
    return client;
  }

  /** Runs one segment refresh, timing it and counting the checks that fell due. */
  default RefreshResult refresh(Supplier<RefreshResult> refresh) {
    return refresh.get();
  }

  /** Runs one round of due work, timing it; the lag counts from its end. */
  default DueWorkReport round(Supplier<DueWorkReport> round) {
    return round.get();
  }
}
