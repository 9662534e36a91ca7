package io.cdpkit.workflows.internal.engine;

import io.cdpkit.core.Cdp;
import io.cdpkit.segments.Segments;
import io.cdpkit.workflows.EnrollmentListener;
import io.cdpkit.workflows.WorkflowEngineOptions;
import io.cdpkit.workflows.spi.EmailSender;
import io.cdpkit.workflows.spi.EnrollmentStore;
import io.cdpkit.workflows.spi.HttpStepClient;
import io.cdpkit.workflows.spi.MessageSender;
import io.cdpkit.core.delivery.RetryPolicy;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What an engine is built from, as the builder settled it.
 *
 * @param cdp the platform whose profiles and events the workflows follow
 * @param segments the segments triggers, branches and goals use
 * @param store where definitions, enrollments, signals and sends live
 * @param channels the senders send steps call
 * @param retryPolicy how retryable send failures are retried
 * @param options batch size and preview horizon
 * @param idGenerator makes enrollment ids
 * @param listeners told of every transition
 */
public record EngineConfig(
    Cdp cdp,
    Segments segments,
    EnrollmentStore store,
    Channels channels,
    RetryPolicy retryPolicy,
    WorkflowEngineOptions options,
    Supplier<String> idGenerator,
    List<EnrollmentListener> listeners) {

  public EngineConfig {
    Objects.requireNonNull(cdp, "cdp");
    Objects.requireNonNull(segments, "segments");
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(channels, "channels");
    Objects.requireNonNull(retryPolicy, "retryPolicy");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(idGenerator, "idGenerator");
    listeners = List.copyOf(listeners);
  }

  /**
   * The senders of the three step kinds.
   *
   * @param email for email steps
   * @param message for message steps (SMS, push, webhook channels)
   * @param http for HTTP call steps
   */
  public record Channels(EmailSender email, MessageSender message, HttpStepClient http) {
    public Channels {
      Objects.requireNonNull(email, "email");
      Objects.requireNonNull(message, "message");
      Objects.requireNonNull(http, "http");
    }
  }
}
