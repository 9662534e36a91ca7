package io.cdpkit.spring.boot;

import io.cdpkit.workflows.channel.SmtpEmailSender;
import io.cdpkit.workflows.channel.SmtpOptions;
import io.cdpkit.workflows.channel.SmtpOptions.TlsMode;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.autoconfigure.mail.MailProperties;

/** Reads Spring's {@code spring.mail.*} properties into CDPKit's SMTP sender. */
final class SpringMailSenders {
  private SpringMailSenders() {}

  /** An SMTP sender when {@code spring.mail.host} is set; empty otherwise. */
  static Optional<SmtpEmailSender> create(MailProperties mail, CdpProperties.Mail cdp) {
    if (mail.getHost() == null || mail.getHost().isBlank()) {
      return Optional.empty();
    }
    SmtpOptions.Builder options = SmtpOptions.builder(mail.getHost()).tls(tls(mail.getProperties()));
    if (mail.getPort() != null) {
      options.port(mail.getPort());
    }
    if (mail.getUsername() != null && mail.getPassword() != null) {
      options.credentials(mail.getUsername(), mail.getPassword());
    }
    String from = cdp.from() != null ? cdp.from() : mail.getUsername();
    if (from != null) {
      options.defaultFrom(from);
    }
    return Optional.of(SmtpEmailSender.create(options.build()));
  }

  /**
   * Jakarta Mail's own switches, as Spring passes them on: SMTPS for {@code mail.smtp.ssl.enable},
   * required STARTTLS for {@code mail.smtp.starttls.required}, else STARTTLS when offered.
   */
  private static TlsMode tls(Map<String, String> properties) {
    if (Boolean.parseBoolean(properties.get("mail.smtp.ssl.enable"))) {
      return TlsMode.IMPLICIT;
    }
    if (Boolean.parseBoolean(properties.get("mail.smtp.starttls.required"))) {
      return TlsMode.STARTTLS_REQUIRED;
    }
    return TlsMode.STARTTLS;
  }
}
