package io.cdpkit.workflows.testing;

import io.cdpkit.workflows.channel.SmtpEmailSender;
import io.cdpkit.workflows.channel.SmtpOptions;
import io.cdpkit.workflows.spi.EmailSender;
import io.cdpkit.workflows.spi.contract.EmailSenderContract;
import io.cdpkit.workflows.spi.contract.SmtpTarget;

/** A recorder forwarding to the SMTP sender must behave as the SMTP sender does. */
final class RecordingEmailSenderContractTest extends EmailSenderContract {
  @Override
  protected EmailSender createSender(SmtpTarget target) {
    SmtpOptions.Builder options =
        SmtpOptions.builder(target.host())
            .port(target.port())
            .tls(SmtpOptions.TlsMode.NONE)
            .connectTimeout(target.timeout())
            .readTimeout(target.timeout())
            .defaultFrom(target.defaultFrom());
    if (target.username() != null && target.password() != null) {
      options.credentials(target.username(), target.password());
    }
    return RecordingEmailSender.forwardingTo(SmtpEmailSender.create(options.build()));
  }
}
