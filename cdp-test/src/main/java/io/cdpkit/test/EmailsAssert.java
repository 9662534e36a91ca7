package io.cdpkit.test;

import io.cdpkit.workflows.spi.EmailMessage;
import io.cdpkit.workflows.testing.RecordingEmailSender;
import java.util.List;
import org.assertj.core.api.AbstractObjectAssert;

/** Assertions on the emails a {@link RecordingEmailSender} received: to whom, what, in which order. */
public final class EmailsAssert extends AbstractObjectAssert<EmailsAssert, RecordingEmailSender> {

  EmailsAssert(RecordingEmailSender actual) {
    super(actual, EmailsAssert.class);
  }

  /** Exactly this many emails were sent. */
  public EmailsAssert hasSent(int count) {
    isNotNull();
    if (actual.sendCount() != count) {
      failWithMessage("Expected %s emails sent but there were %s: %s", count, actual.sendCount(), summary());
    }
    return this;
  }

  /** The emails went to these addresses, in this order. */
  public EmailsAssert sentTo(String... addresses) {
    isNotNull();
    List<String> to = actual.requests().stream().map(EmailMessage::to).toList();
    if (!to.equals(List.of(addresses))) {
      failWithMessage("Expected emails to %s but they went to %s", List.of(addresses), to);
    }
    return this;
  }

  /** The subjects, in order (merge tags rendered). */
  public EmailsAssert withSubjects(String... subjects) {
    isNotNull();
    List<String> found = actual.requests().stream().map(EmailMessage::subject).toList();
    if (!found.equals(List.of(subjects))) {
      failWithMessage("Expected subjects %s but they were %s", List.of(subjects), found);
    }
    return this;
  }

  /** The email at {@code index} (0 first) has a body (HTML or text) containing {@code text}. */
  public EmailsAssert emailBodyContains(int index, String text) {
    isNotNull();
    if (index >= actual.sendCount()) {
      failWithMessage("Expected an email at index %s but only %s were sent", index, actual.sendCount());
    }
    EmailMessage email = actual.requests().get(index);
    String body = (email.htmlBody() == null ? "" : email.htmlBody()) + "\n" + (email.textBody() == null ? "" : email.textBody());
    if (!body.contains(text)) {
      failWithMessage("Expected email %s to %s to contain <%s> but its body was <%s>", index, email.to(), text, body.strip());
    }
    return this;
  }

  /** No idempotency key was sent twice. */
  public EmailsAssert hasNoDuplicateSends() {
    isNotNull();
    if (actual.hasDuplicateKeys()) {
      failWithMessage("Expected no email sent twice, but keys repeat: %s", summary());
    }
    return this;
  }

  private List<String> summary() {
    return actual.requests().stream().map(e -> e.to() + ": " + e.subject()).toList();
  }
}
