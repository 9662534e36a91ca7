package io.cdpkit.workflows.channel;

import io.cdpkit.workflows.spi.EmailMessage;
import io.cdpkit.workflows.spi.EmailSender;
import io.cdpkit.core.delivery.DeliveryOutcome;
import java.util.Objects;

/**
 * An {@link EmailSender} over SMTP on Angus Mail, the Jakarta Mail implementation. Angus Mail is
 * an optional dependency of cdp-workflows: add {@code org.eclipse.angus:angus-mail} (2.0.x) to use
 * this class.
 *
 * <p>Each send opens a connection, logs in when credentials are set, sends one message (a {@code
 * multipart/alternative} when it has both bodies, UTF-8 throughout) and closes. The idempotency
 * key travels twice: as an {@code X-Idempotency-Key} header and inside the {@code Message-ID}
 * ({@code <enrollment/step/attempt@sender-domain>}, with {@code .} written {@code %2E}), which
 * the {@link DeliveryOutcome.Delivered} outcome returns as its provider id.
 *
 * <p>Outcomes: a 4xx reply (greylisting, a full mailbox, a busy server), a timeout or a connection
 * failure is a {@link DeliveryOutcome.RetryableFailure}; a 5xx reply (an unknown or rejected address,
 * a rejected sender or message) and a failed login are a {@link DeliveryOutcome.PermanentFailure}.
 * Reasons quote the server's reply with addresses replaced by {@code <address>}.
 *
 * <p>Thread-safe; sends from several threads use separate connections.
 *
 * <pre>{@code
 * EmailSender email = SmtpEmailSender.create(SmtpOptions.builder("smtp.example.com")
 *     .credentials("mailer", password).defaultFrom("news@festival.example").build());
 * }</pre>
 */
public final class SmtpEmailSender implements EmailSender {
  /** The artifact that provides Jakarta Mail, named in the error when it is missing. */
  static final String ANGUS_ARTIFACT = "org.eclipse.angus:angus-mail";

  private final SmtpOptions options;
  private final AngusSmtp smtp;

  private SmtpEmailSender(SmtpOptions options) {
    this.options = options;
    this.smtp = new AngusSmtp(options);
  }

  /**
   * A sender with these options.
   *
   * @throws IllegalStateException when Angus Mail is not on the class path, naming the artifact
   *     to add
   */
  public static SmtpEmailSender create(SmtpOptions options) {
    Objects.requireNonNull(options, "options");
    requireAngusMail(SmtpEmailSender.class.getClassLoader());
    return new SmtpEmailSender(options);
  }

  /** The options this sender was created with. */
  public SmtpOptions options() {
    return options;
  }

  @Override
  public DeliveryOutcome send(EmailMessage message) {
    return smtp.send(Objects.requireNonNull(message, "message"));
  }

  static void requireAngusMail(ClassLoader loader) {
    try {
      Class.forName("jakarta.mail.Session", false, loader);
      Class.forName("org.eclipse.angus.mail.smtp.SMTPTransport", false, loader);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(
          "SmtpEmailSender needs Angus Mail, an optional dependency of cdp-workflows: add "
              + ANGUS_ARTIFACT
              + " (2.0.x) to your build; missing class "
              + e.getMessage(),
          e);
    }
  }
}
