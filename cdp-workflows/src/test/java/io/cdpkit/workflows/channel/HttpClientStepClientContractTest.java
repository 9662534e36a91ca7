package io.cdpkit.workflows.channel;

import io.cdpkit.workflows.spi.HttpStepClient;
import io.cdpkit.workflows.spi.contract.HttpStepClientContract;

final class HttpClientStepClientContractTest extends HttpStepClientContract {
  @Override
  protected HttpStepClient createClient() {
    return HttpClientStepClient.create(HttpStepOptions.builder().allowHosts("127.0.0.1").build());
  }
}
