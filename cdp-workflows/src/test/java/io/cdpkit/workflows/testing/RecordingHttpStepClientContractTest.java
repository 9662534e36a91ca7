package io.cdpkit.workflows.testing;

import io.cdpkit.workflows.channel.HttpClientStepClient;
import io.cdpkit.workflows.channel.HttpStepOptions;
import io.cdpkit.workflows.spi.HttpStepClient;
import io.cdpkit.workflows.spi.contract.HttpStepClientContract;

/** A recorder forwarding to the real client must behave as the real client does. */
final class RecordingHttpStepClientContractTest extends HttpStepClientContract {
  @Override
  protected HttpStepClient createClient() {
    return RecordingHttpStepClient.forwardingTo(
        HttpClientStepClient.create(HttpStepOptions.builder().allowHosts("127.0.0.1").build()));
  }
}
