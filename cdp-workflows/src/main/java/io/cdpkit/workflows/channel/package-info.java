/**
 * Ready-made channel senders. Start with {@link io.cdpkit.workflows.channel.SmtpEmailSender}
 * (email over SMTP; needs {@code org.eclipse.angus:angus-mail} on the class path), {@link
 * io.cdpkit.workflows.channel.HttpClientStepClient} (the HTTP step, limited to a {@link
 * io.cdpkit.core.delivery.HostAllowList}) and {@link
 * io.cdpkit.workflows.channel.WebhookMessageSender} (SMS, WhatsApp and other channels relayed as a
 * JSON webhook). {@link io.cdpkit.workflows.channel.ConsoleEmailSender} and {@link
 * io.cdpkit.workflows.channel.ConsoleMessageSender} print sends for demos.
 */
@NullMarked
package io.cdpkit.workflows.channel;

import org.jspecify.annotations.NullMarked;
