package io.cdpkit.workflows.testing;

import io.cdpkit.workflows.channel.WebhookMessageSender;
import io.cdpkit.workflows.channel.WebhookOptions;
import io.cdpkit.workflows.spi.MessageSender;
import io.cdpkit.workflows.spi.contract.MessageSenderContract;
import java.net.URI;
import java.time.Duration;

/** A recorder forwarding to a webhook sender must behave as the webhook sender does. */
final class RecordingMessageSenderContractTest extends MessageSenderContract {
  @Override
  protected MessageSender createSender(URI endpoint, Duration timeout) {
    return RecordingMessageSender.forwardingTo(
        WebhookMessageSender.create(WebhookOptions.builder(endpoint).timeout(timeout).build()));
  }
}
