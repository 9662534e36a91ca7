package io.cdpkit.workflows.channel;

import io.cdpkit.workflows.spi.MessageSender;
import io.cdpkit.workflows.spi.contract.MessageSenderContract;
import java.net.URI;
import java.time.Duration;

final class WebhookMessageSenderContractTest extends MessageSenderContract {
  @Override
  protected MessageSender createSender(URI endpoint, Duration timeout) {
    return WebhookMessageSender.create(
        WebhookOptions.builder(endpoint).timeout(timeout).signingSecret("0123456789abcdef").build());
  }
}
