package io.cdpkit.workflows.channel;

import io.cdpkit.workflows.spi.EmailMessage;
import io.cdpkit.core.delivery.DeliveryOutcome;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import java.io.IOException;
import java.io.UnsupportedEncodingException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/*
 * Every Jakarta Mail and Angus type cdp-workflows touches lives here, so that SmtpEmailSender can
 * be loaded, and can say which artifact is missing, without Angus Mail on the class path. The
 * mapping from Jakarta Mail's exceptions to outcomes reads the SMTP reply code where Angus gives
 * one (SMTPAddressFailedException for RCPT, SMTPSenderFailedException for MAIL FROM,
 * SMTPSendFailedException for DATA): 4xx retryable, 5xx permanent; without a code, a failed
 * login is permanent and everything else (timeouts, refused connections, a 421 greeting) is
 * retryable.
 */
final class AngusSmtp {
  private static final Logger log = LoggerFactory.getLogger(SmtpEmailSender.class);
  private static final Pattern ADDRESS = Pattern.compile("<?[^\\s<>]+@[^\\s<>]+>?");
  private static final String CHARSET = StandardCharsets.UTF_8.name();

  private final SmtpOptions options;
  private final Session session;

  AngusSmtp(SmtpOptions options) {
    this.options = options;
    this.session = Session.getInstance(properties(options));
  }

  private static Properties properties(SmtpOptions options) {
    Properties props = new Properties();
    props.setProperty("mail.transport.protocol", "smtp");
    props.setProperty("mail.smtp.host", options.host());
    props.setProperty("mail.smtp.port", String.valueOf(options.port()));
    props.setProperty(
        "mail.smtp.connectiontimeout", String.valueOf(options.connectTimeout().toMillis()));
    props.setProperty("mail.smtp.timeout", String.valueOf(options.readTimeout().toMillis()));
    props.setProperty("mail.smtp.writetimeout", String.valueOf(options.readTimeout().toMillis()));
    props.setProperty("mail.smtp.auth", String.valueOf(options.username() != null));
    props.setProperty("mail.smtp.ssl.checkserveridentity", "true");
    switch (options.tls()) {
      case NONE -> {}
      case STARTTLS -> props.setProperty("mail.smtp.starttls.enable", "true");
      case STARTTLS_REQUIRED -> {
        props.setProperty("mail.smtp.starttls.enable", "true");
        props.setProperty("mail.smtp.starttls.required", "true");
      }
      case IMPLICIT -> props.setProperty("mail.smtp.ssl.enable", "true");
    }
    return props;
  }

  DeliveryOutcome send(EmailMessage message) {
    String from = message.from() != null ? message.from() : options.defaultFrom();
    if (from == null) {
      return DeliveryOutcome.permanent(
          "the email has no sender: set EmailMessage.from or SmtpOptions.defaultFrom");
    }
    String messageId;
    MimeMessage mime;
    try {
      InternetAddress sender = parseSender(from);
      messageId = messageId(message, sender);
      mime = build(message, sender, messageId);
    } catch (AddressException e) {
      return DeliveryOutcome.permanent("the email's addresses are invalid: " + redact(e.getMessage()));
    } catch (MessagingException | UnsupportedEncodingException e) {
      return DeliveryOutcome.permanent("the email could not be built: " + redact(e.getMessage()));
    }
    DeliveryOutcome outcome;
    try (Transport transport = session.getTransport("smtp")) {
      transport.connect(options.host(), options.port(), options.username(), options.password());
      transport.sendMessage(mime, mime.getAllRecipients());
      outcome = DeliveryOutcome.delivered(messageId);
    } catch (MessagingException e) {
      outcome = classify(e);
    }
    log.debug("SMTP send key {}: {}", message.idempotencyKey(), outcome);
    return outcome;
  }

  private static InternetAddress parseSender(String from) throws AddressException {
    InternetAddress[] parsed = InternetAddress.parse(from, true);
    if (parsed.length != 1) {
      throw new AddressException("expected one sender address, found " + parsed.length);
    }
    return parsed[0];
  }

  private static String messageId(EmailMessage message, InternetAddress sender) {
    String address = sender.getAddress();
    String domain = address.substring(address.lastIndexOf('@') + 1);
    String left = message.idempotencyKey().toString().replace(".", "%2E").replace(':', '/');
    return "<" + left + "@" + domain + ">";
  }

  private MimeMessage build(EmailMessage message, InternetAddress sender, String messageId)
      throws MessagingException, UnsupportedEncodingException {
    MimeMessage mime = new FixedIdMimeMessage(session, messageId);
    mime.setFrom(sender);
    mime.setRecipient(Message.RecipientType.TO, new InternetAddress(message.to(), true));
    mime.setSubject(message.subject(), CHARSET);
    mime.setSentDate(Date.from(options.clock().instant()));
    for (Map.Entry<String, String> header : message.headers().entrySet()) {
      mime.addHeader(
          header.getKey(),
          MimeUtility.fold(
              header.getKey().length() + 2,
              MimeUtility.encodeText(header.getValue(), CHARSET, null)));
    }
    mime.setHeader("X-Idempotency-Key", message.idempotencyKey().toString());
    String html = message.htmlBody();
    String text = message.textBody();
    if (html != null && text != null) {
      MimeMultipart alternative = new MimeMultipart("alternative");
      MimeBodyPart plain = new MimeBodyPart();
      plain.setText(text, CHARSET, "plain");
      MimeBodyPart rich = new MimeBodyPart();
      rich.setText(html, CHARSET, "html");
      alternative.addBodyPart(plain);
      alternative.addBodyPart(rich);
      mime.setContent(alternative);
    } else if (html != null) {
      mime.setText(html, CHARSET, "html");
    } else {
      mime.setText(text, CHARSET, "plain");
    }
    mime.saveChanges();
    return mime;
  }

  private static DeliveryOutcome classify(MessagingException failure) {
    Integer code = replyCode(failure);
    String reason = "SMTP " + describe(failure);
    if (code != null) {
      return code >= 400 && code < 500
          ? DeliveryOutcome.retryable(reason)
          : DeliveryOutcome.permanent(reason);
    }
    if (failure instanceof AuthenticationFailedException) {
      return DeliveryOutcome.permanent("SMTP login failed: " + describe(failure));
    }
    if (hasCause(failure, SocketTimeoutException.class)) {
      return DeliveryOutcome.retryable("SMTP timed out: " + describe(failure));
    }
    return DeliveryOutcome.retryable(reason);
  }

  /** The SMTP reply code of the first failure in the chain that carries one. */
  private static @Nullable Integer replyCode(MessagingException failure) {
    Exception current = failure;
    for (int depth = 0; current != null && depth < 10; depth++) {
      if (current instanceof SMTPAddressFailedException rcpt) {
        return rcpt.getReturnCode();
      }
      if (current instanceof SMTPSenderFailedException mail) {
        return mail.getReturnCode();
      }
      if (current instanceof SMTPSendFailedException data && data.getReturnCode() > 0) {
        return data.getReturnCode();
      }
      current = next(current);
    }
    return null;
  }

  private static boolean hasCause(Throwable failure, Class<? extends IOException> type) {
    for (Throwable current = failure; current != null; current = current.getCause()) {
      if (type.isInstance(current)) {
        return true;
      }
      if (current instanceof MessagingException messaging
          && messaging.getNextException() != null
          && type.isInstance(messaging.getNextException())) {
        return true;
      }
    }
    return false;
  }

  private static @Nullable Exception next(Exception failure) {
    return failure instanceof MessagingException messaging ? messaging.getNextException() : null;
  }

  /** The deepest message of the chain, one line, addresses redacted. */
  private static String describe(MessagingException failure) {
    Exception deepest = failure;
    for (int depth = 0; depth < 10; depth++) {
      Exception next = next(deepest);
      if (next == null) {
        break;
      }
      deepest = next;
    }
    String message = deepest.getMessage();
    if (message == null || message.isBlank()) {
      message = deepest.getClass().getSimpleName();
    }
    return redact(message);
  }

  /** The text on one line with every address replaced by {@code <address>}. */
  static String redact(@Nullable String text) {
    if (text == null || text.isBlank()) {
      return "(no detail)";
    }
    String oneLine = text.strip().replace('\r', ' ').replace('\n', ' ');
    return ADDRESS.matcher(oneLine).replaceAll("<address>");
  }

  /** A message whose Message-ID is the one derived from the idempotency key. */
  private static final class FixedIdMimeMessage extends MimeMessage {
    private final String messageId;

    FixedIdMimeMessage(Session session, String messageId) {
      super(session);
      this.messageId = messageId;
    }

    @Override
    protected void updateMessageID() throws MessagingException {
      setHeader("Message-ID", messageId);
    }
  }
}
