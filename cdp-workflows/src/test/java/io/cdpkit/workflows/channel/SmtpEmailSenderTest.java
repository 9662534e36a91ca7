package io.cdpkit.workflows.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import io.cdpkit.core.InvalidInputException;
import io.cdpkit.workflows.spi.EmailMessage;
import io.cdpkit.workflows.spi.IdempotencyKey;
import io.cdpkit.core.delivery.DeliveryOutcome;
import io.cdpkit.workflows.spi.contract.SmtpTarget;
import jakarta.mail.internet.MimeMessage;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

final class SmtpEmailSenderTest {
  @RegisterExtension
  final GreenMailExtension greenMail =
      new GreenMailExtension(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));

  static SmtpOptions.Builder options(SmtpTarget target) {
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
    return options;
  }

  private SmtpOptions.Builder greenMailOptions() {
    return SmtpOptions.builder("127.0.0.1")
        .port(greenMail.getSmtp().getPort())
        .tls(SmtpOptions.TlsMode.NONE)
        .defaultFrom("news@festival.example");
  }

  private static EmailMessage.Builder message() {
    return EmailMessage.builder()
        .to("ann@example.com")
        .subject("Hi")
        .textBody("Hello")
        .idempotencyKey(IdempotencyKey.of("enr.1", "welcome", 2));
  }

  @Test
  void send_messageIdCarriesTheKeyAndIsTheProviderId() throws Exception {
    SmtpEmailSender sender =
        SmtpEmailSender.create(
            greenMailOptions()
                .clock(Clock.fixed(Instant.parse("2026-06-15T12:00:00Z"), ZoneOffset.UTC))
                .build());
    DeliveryOutcome outcome = sender.send(message().build());
    assertThat(outcome).isEqualTo(DeliveryOutcome.delivered("<enr%2E1/welcome/2@festival.example>"));
    MimeMessage mail = greenMail.getReceivedMessages()[0];
    assertThat(mail.getMessageID()).isEqualTo("<enr%2E1/welcome/2@festival.example>");
    assertThat(mail.getSentDate().toInstant()).isEqualTo(Instant.parse("2026-06-15T12:00:00Z"));
  }

  @Test
  void send_noSenderAnywhere_isPermanentWithoutConnecting() {
    SmtpEmailSender sender = SmtpEmailSender.create(greenMailOptions().defaultFrom(null).build());
    DeliveryOutcome outcome = sender.send(message().build());
    assertThat(outcome)
        .isEqualTo(
            DeliveryOutcome.permanent(
                "the email has no sender: set EmailMessage.from or SmtpOptions.defaultFrom"));
    assertThat(greenMail.getReceivedMessages()).isEmpty();
  }

  @Test
  void send_malformedFrom_isPermanent() {
    SmtpEmailSender sender = SmtpEmailSender.create(greenMailOptions().build());
    assertThat(sender.send(message().from("Team <team@@festival>").build()))
        .isInstanceOf(DeliveryOutcome.PermanentFailure.class);
  }

  @Test
  void requireAngusMail_missing_namesTheArtifact() {
    ClassLoader bare = new URLClassLoader(new URL[0], null);
    assertThatThrownBy(() -> SmtpEmailSender.requireAngusMail(bare))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("org.eclipse.angus:angus-mail")
        .hasMessageContaining("jakarta.mail.Session");
  }

  @Test
  void redact_replacesAddresses() {
    assertThat(AngusSmtp.redact("550 5.1.1 <ann@example.com>: unknown, bob@x.org too"))
        .isEqualTo("550 5.1.1 <address>: unknown, <address> too");
  }

  @Test
  void options_hideThePasswordAndCheckSettings() {
    SmtpOptions options =
        SmtpOptions.builder("smtp.example.com").credentials("mailer", "s3cr3t-pw").build();
    assertThat(options.toString()).doesNotContain("s3cr3t-pw").contains("(hidden)");
    assertThat(options.toBuilder().build()).isEqualTo(options);
    assertThat(options.port()).isEqualTo(587);
    assertThat(options.tls()).isEqualTo(SmtpOptions.TlsMode.STARTTLS_REQUIRED);
    assertThatThrownBy(() -> SmtpOptions.builder("smtp.example.com").port(0).build())
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("port"));
    assertThatThrownBy(() -> SmtpOptions.builder(" ").build())
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("host"));
    assertThatThrownBy(
            () -> SmtpOptions.builder("smtp.example.com").readTimeout(Duration.ZERO).build())
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("readTimeout"));
    assertThatThrownBy(
            () -> new SmtpOptions("h", 25, SmtpOptions.TlsMode.NONE, "u", null, Duration.ofSeconds(1),
                Duration.ofSeconds(1), null, Clock.systemUTC()))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.rule()).contains("together"));
  }
}
