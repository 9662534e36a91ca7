package io.cdpkit.workflows.spi;

import io.cdpkit.core.delivery.DeliveryOutcome;
/**
 * Makes the HTTP call of a workflow's {@code http call} step. Implementations: {@code
 * io.cdpkit.workflows.channel.HttpClientStepClient} and {@code
 * io.cdpkit.workflows.testing.RecordingHttpStepClient}; a new one passes {@code
 * HttpStepClientContract} from this module's test-jar.
 *
 * <p>Implementations must be safe to call from several threads at once and must:
 *
 * <ul>
 *   <li>send {@link HttpRequestSpec#idempotencyKey()} as an {@value
 *       HttpRequestSpec#IDEMPOTENCY_KEY_HEADER} header;
 *   <li>answer {@link DeliveryOutcome.Delivered} when {@link HttpRequestSpec#isSuccess(int)};
 *   <li>answer {@link DeliveryOutcome.RetryableFailure} for a 5xx, a 408 or 429, a timeout past
 *       {@link HttpRequestSpec#timeout()} or an I/O error, with the server's {@code Retry-After}
 *       when it sent one;
 *   <li>answer {@link DeliveryOutcome.PermanentFailure} for any other status (4xx, 3xx, an unexpected
 *       2xx), and for a call refused before it was made (a host off the allow-list).
 * </ul>
 *
 * An exception that escapes counts as a {@link DeliveryOutcome.RetryableFailure}.
 *
 * <pre>{@code
 * DeliveryOutcome outcome = httpStepClient.send(spec);
 * }</pre>
 */
@FunctionalInterface
public interface HttpStepClient {
  /** Makes one call and says what became of it; never returns {@code null}. */
  DeliveryOutcome send(HttpRequestSpec request);
}
