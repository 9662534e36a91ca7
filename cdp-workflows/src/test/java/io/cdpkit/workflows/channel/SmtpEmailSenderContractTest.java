package io.cdpkit.workflows.channel;

import io.cdpkit.workflows.spi.EmailSender;
import io.cdpkit.workflows.spi.contract.EmailSenderContract;
import io.cdpkit.workflows.spi.contract.SmtpTarget;

final class SmtpEmailSenderContractTest extends EmailSenderContract {
  @Override
  protected EmailSender createSender(SmtpTarget target) {
    return SmtpEmailSender.create(SmtpEmailSenderTest.options(target).build());
  }
}
