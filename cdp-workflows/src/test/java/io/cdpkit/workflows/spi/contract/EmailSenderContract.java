package io.cdpkit.workflows.spi.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import io.cdpkit.workflows.spi.EmailMessage;
import io.cdpkit.workflows.spi.EmailSender;
import io.cdpkit.workflows.spi.IdempotencyKey;
import io.cdpkit.core.delivery.DeliveryOutcome;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The behaviour every SMTP {@link EmailSender} shows against real local SMTP servers: GreenMail
 * (through its JUnit 5 extension) for what arrives, and a {@link ScriptedSmtpServer} for 4xx and
 * 5xx replies, silence and refused connections. An implementation passes it by extending this
 * class and implementing {@link #createSender(SmtpTarget)}.
 *
 * <p>Consumers of the test-jar declare JUnit Jupiter, AssertJ and {@code
 * com.icegreen:greenmail-junit5} themselves.
 */
public abstract class EmailSenderContract {
  /** The timeout the kit gives senders it expects to time out. */
  protected static final Duration SHORT_TIMEOUT = Duration.ofMillis(400);

  protected static final String USER = "mailer";
  protected static final String PASSWORD = "mailer-secret";
  protected static final String DEFAULT_FROM = "news@festival.example";

  @RegisterExtension
  protected final GreenMailExtension greenMail =
      new GreenMailExtension(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));

  protected EmailSender sender;
  private int sends;

  /** A new sender that delivers to {@code target}. */
  protected abstract EmailSender createSender(SmtpTarget target);

  @BeforeEach
  void createSenderForGreenMail() {
    greenMail.setUser(DEFAULT_FROM, USER, PASSWORD);
    sender = createSender(greenMailTarget(PASSWORD));
  }

  private SmtpTarget greenMailTarget(String password) {
    return new SmtpTarget(
        "127.0.0.1", greenMail.getSmtp().getPort(), USER, password, Duration.ofSeconds(5), DEFAULT_FROM);
  }

  private static SmtpTarget scriptedTarget(int port) {
    return new SmtpTarget("127.0.0.1", port, null, null, SHORT_TIMEOUT, DEFAULT_FROM);
  }

  /** A message to ann@example.com with a text body and a fresh idempotency key. */
  protected EmailMessage.Builder message() {
    sends++;
    return EmailMessage.builder()
        .to("ann@example.com")
        .subject("Welcome, Ann")
        .textBody("Hello Ann")
        .idempotencyKey(IdempotencyKey.of("enrollment-" + sends, "welcome", 1));
  }

  /** The one message GreenMail received. */
  protected MimeMessage received() {
    assertThat(greenMail.waitForIncomingEmail(5_000, 1)).as("a message arrived").isTrue();
    MimeMessage[] messages = greenMail.getReceivedMessages();
    assertThat(messages).hasSize(1);
    return messages[0];
  }

  private static String part(MimeMessage message, String type) throws MessagingException, IOException {
    Object content = message.getContent();
    if (content instanceof Multipart multipart) {
      for (int i = 0; i < multipart.getCount(); i++) {
        BodyPart part = multipart.getBodyPart(i);
        if (part.isMimeType(type)) {
          return (String) part.getContent();
        }
      }
      throw new AssertionError("no " + type + " part");
    }
    assertThat(message.isMimeType(type)).as("message is " + type).isTrue();
    return (String) content;
  }

  @Nested
  @DisplayName("the email it sends")
  class Content {
    @Test
    @DisplayName("arrives at the recipient with its subject and text body")
    void textBody() throws Exception {
      assertThat(sender.send(message().build())).isInstanceOf(DeliveryOutcome.Delivered.class);
      MimeMessage mail = received();
      assertThat(mail.getAllRecipients()).containsExactly(new InternetAddress("ann@example.com"));
      assertThat(mail.getSubject()).isEqualTo("Welcome, Ann");
      assertThat(part(mail, "text/plain").strip()).isEqualTo("Hello Ann");
    }

    @Test
    @DisplayName("sends an HTML-only body as text/html")
    void htmlBody() throws Exception {
      sender.send(message().textBody(null).htmlBody("<p>Hello <b>Ann</b></p>").build());
      assertThat(part(received(), "text/html").strip()).isEqualTo("<p>Hello <b>Ann</b></p>");
    }

    @Test
    @DisplayName("sends both bodies as multipart/alternative")
    void bothBodies() throws Exception {
      sender.send(message().htmlBody("<p>Hello</p>").textBody("Hello").build());
      MimeMessage mail = received();
      assertThat(mail.isMimeType("multipart/alternative")).isTrue();
      assertThat(part(mail, "text/plain").strip()).isEqualTo("Hello");
      assertThat(part(mail, "text/html").strip()).isEqualTo("<p>Hello</p>");
    }

    @Test
    @DisplayName("keeps non-ASCII text in subject and body")
    void unicode() throws Exception {
      sender.send(message().subject("Grüße, Zoë – 🎉").textBody("Schön, dass du da bist, Zoë!").build());
      MimeMessage mail = received();
      assertThat(mail.getSubject()).isEqualTo("Grüße, Zoë – 🎉");
      assertThat(part(mail, "text/plain").strip()).isEqualTo("Schön, dass du da bist, Zoë!");
    }

    @Test
    @DisplayName("uses the default sender when the message sets none, and the message's own otherwise")
    void from() throws Exception {
      sender.send(message().build());
      assertThat(received().getFrom()).containsExactly(new InternetAddress(DEFAULT_FROM));
      greenMail.reset();
      greenMail.setUser(DEFAULT_FROM, USER, PASSWORD);
      createSender(greenMailTarget(PASSWORD))
          .send(message().from("Festival Team <team@festival.example>").build());
      assertThat(received().getFrom())
          .containsExactly(new InternetAddress("Festival Team <team@festival.example>"));
    }

    @Test
    @DisplayName("adds the extra headers given")
    void headers() throws Exception {
      sender.send(
          message()
              .header("Reply-To", "help@festival.example")
              .header("List-Unsubscribe", "<https://festival.example/u/42>")
              .build());
      MimeMessage mail = received();
      assertThat(mail.getHeader("Reply-To", null)).isEqualTo("help@festival.example");
      assertThat(mail.getHeader("List-Unsubscribe", null)).isEqualTo("<https://festival.example/u/42>");
    }

    @Test
    @DisplayName("carries the idempotency key in an X-Idempotency-Key header")
    void idempotencyKey() throws Exception {
      IdempotencyKey key = IdempotencyKey.of("enr 9", "welcome.v2", 2);
      sender.send(message().idempotencyKey(key).build());
      assertThat(received().getHeader("X-Idempotency-Key", null)).isEqualTo(key.toString());
    }
  }

  @Nested
  @DisplayName("when the server refuses")
  class Refusals {
    private ScriptedSmtpServer server;

    @BeforeEach
    void startScripted() {
      server = ScriptedSmtpServer.start();
    }

    @org.junit.jupiter.api.AfterEach
    void stopScripted() {
      server.close();
    }

    private DeliveryOutcome sendTo(ScriptedSmtpServer scripted) {
      return createSender(scriptedTarget(scripted.port())).send(message().build());
    }

    @Test
    @DisplayName("delivers when every reply is positive")
    void accepted() {
      assertThat(sendTo(server)).isInstanceOf(DeliveryOutcome.Delivered.class);
      assertThat(server.commands()).anyMatch(c -> c.startsWith("RCPT"));
    }

    @Test
    @DisplayName("answers a RetryableFailure for a 4xx to RCPT TO, such as greylisting")
    void recipientTemporarily() {
      DeliveryOutcome outcome = sendTo(server.rcptReply("450 4.2.0 <ann@example.com>: greylisted"));
      assertThat(outcome).isInstanceOf(DeliveryOutcome.RetryableFailure.class);
      assertThat(((DeliveryOutcome.RetryableFailure) outcome).reason()).contains("450");
    }

    @Test
    @DisplayName("answers a PermanentFailure for a 5xx to RCPT TO, without the address in the reason")
    void recipientRejected() {
      DeliveryOutcome outcome = sendTo(server.rcptReply("550 5.1.1 <ann@example.com>: user unknown"));
      assertThat(outcome).isInstanceOf(DeliveryOutcome.PermanentFailure.class);
      assertThat(((DeliveryOutcome.PermanentFailure) outcome).reason())
          .contains("550")
          .doesNotContain("ann@example.com");
    }

    @Test
    @DisplayName("answers a PermanentFailure for a 5xx to MAIL FROM")
    void senderRejected() {
      assertThat(sendTo(server.mailReply("553 5.7.1 sender not allowed")))
          .isInstanceOf(DeliveryOutcome.PermanentFailure.class);
    }

    @Test
    @DisplayName("answers a RetryableFailure for a 4xx after DATA")
    void dataDeferred() {
      assertThat(sendTo(server.dataEndReply("452 4.3.1 insufficient storage")))
          .isInstanceOf(DeliveryOutcome.RetryableFailure.class);
    }

    @Test
    @DisplayName("answers a PermanentFailure for a 5xx after DATA")
    void dataRejected() {
      assertThat(sendTo(server.dataEndReply("554 5.6.0 message rejected")))
          .isInstanceOf(DeliveryOutcome.PermanentFailure.class);
    }

    @Test
    @DisplayName("answers a RetryableFailure for a 421 greeting")
    void busy() {
      assertThat(sendTo(server.greeting("421 4.3.2 service not available")))
          .isInstanceOf(DeliveryOutcome.RetryableFailure.class);
    }

    @Test
    @DisplayName("answers a PermanentFailure when the login is refused")
    void wrongPassword() {
      assertThat(createSender(greenMailTarget("wrong-password")).send(message().build()))
          .isInstanceOf(DeliveryOutcome.PermanentFailure.class);
      assertThat(greenMail.getReceivedMessages()).isEmpty();
    }
  }

  @Nested
  @DisplayName("when the server is slow or away")
  class Failures {
    @Test
    @DisplayName("answers a RetryableFailure once the timeout passes on a silent server")
    void silent() {
      try (ScriptedSmtpServer server = ScriptedSmtpServer.start().silent()) {
        long start = System.nanoTime();
        DeliveryOutcome outcome = createSender(scriptedTarget(server.port())).send(message().build());
        assertThat(outcome).isInstanceOf(DeliveryOutcome.RetryableFailure.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
      }
    }

    @Test
    @DisplayName("answers a RetryableFailure when nothing listens, without throwing")
    void refused() throws IOException {
      int port;
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        port = socket.getLocalPort();
      }
      assertThat(createSender(scriptedTarget(port)).send(message().build()))
          .isInstanceOf(DeliveryOutcome.RetryableFailure.class);
    }
  }

  @Nested
  @DisplayName("under concurrency")
  class Concurrency {
    @Test
    @DisplayName("is safe to call from several threads at once")
    void parallelSends() throws Exception {
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<DeliveryOutcome>> results = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
          EmailMessage email = message().build();
          results.add(pool.submit(() -> sender.send(email)));
        }
        for (Future<DeliveryOutcome> result : results) {
          assertThat(result.get(10, TimeUnit.SECONDS)).isInstanceOf(DeliveryOutcome.Delivered.class);
        }
        assertThat(greenMail.waitForIncomingEmail(5_000, 12)).isTrue();
        List<String> keys = new ArrayList<>();
        for (MimeMessage mail : greenMail.getReceivedMessages()) {
          keys.add(mail.getHeader("X-Idempotency-Key", null));
        }
        assertThat(keys).hasSize(12).doesNotHaveDuplicates();
      } finally {
        pool.shutdownNow();
      }
    }
  }
}
