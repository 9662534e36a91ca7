package io.cdpkit.workflows.testing;

import io.cdpkit.workflows.spi.HttpRequestSpec;
import io.cdpkit.workflows.spi.HttpStepClient;
import io.cdpkit.core.delivery.DeliveryOutcome;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An {@link HttpStepClient} for tests and previews that records every request (see {@link
 * RecordingSender} for the log, the outcome script and the idempotency-key counts). By default it
 * answers {@link DeliveryOutcome.Delivered} without sending anything; {@link #forwardingTo} records and
 * then sends through another HttpStepClient. Thread-safe.
 *
 * <pre>{@code
 * RecordingHttpStepClient http =
 *     RecordingHttpStepClient.forwardingTo(HttpClientStepClient.create(options));
 * // ... run the workflow ...
 * assertThat(http.requests()).extracting(HttpRequestSpec::method).containsOnly("POST");
 * }</pre>
 */
public final class RecordingHttpStepClient
    extends RecordingSender<HttpRequestSpec, RecordingHttpStepClient>
    implements HttpStepClient {

  /** A recorder that delivers every unscripted send without sending anything. */
  public RecordingHttpStepClient() {
    this(null);
  }

  private RecordingHttpStepClient(@Nullable HttpStepClient delegate) {
    super(HttpRequestSpec::idempotencyKey, delegate == null ? null : delegate::send);
  }

  /** A recorder that sends every unscripted request through {@code delegate}. */
  public static RecordingHttpStepClient forwardingTo(HttpStepClient delegate) {
    return new RecordingHttpStepClient(Objects.requireNonNull(delegate, "delegate"));
  }

  @Override
  public DeliveryOutcome send(HttpRequestSpec request) {
    return record(request);
  }

  @Override
  protected RecordingHttpStepClient self() {
    return this;
  }
}
