package io.cdpkit.workflows.internal.render;

import io.cdpkit.workflows.spi.EmailMessage;
import io.cdpkit.workflows.spi.IdempotencyKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The templates of a {@code send email} step: where the address is, the subject, the HTML and/or
 * text body, and the merge tags. Values are HTML-escaped in the HTML body, kept as is in the text
 * body, and kept on one line in the subject. Immutable and thread-safe.
 *
 * @param addressSource the profile property that holds the address (see {@link TagSource}), such
 *     as {@code $identifier.email} or {@code work_email}
 */
public record EmailStepTemplate(
    String addressSource,
    String subject,
    @Nullable String htmlBody,
    @Nullable String textBody,
    MergeTags tags) {

  public EmailStepTemplate {
    Objects.requireNonNull(addressSource, "addressSource");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(tags, "tags");
  }

  /** Every problem with this step, empty when it can render. */
  public List<TemplateProblem> validate() {
    List<TemplateProblem> problems = new ArrayList<>();
    StepChecks.source("address", addressSource, problems);
    StepChecks.template("subject", subject, tags, problems);
    if (htmlBody == null && textBody == null) {
      problems.add(new TemplateProblem("body", "needs an HTML body, a text body or both"));
    }
    if (htmlBody != null) {
      StepChecks.template("htmlBody", htmlBody, tags, problems);
    }
    if (textBody != null) {
      StepChecks.template("textBody", textBody, tags, problems);
    }
    return problems;
  }

  /**
   * Renders the email for one profile.
   *
   * @param from the sender, or {@code null} for the email sender's default
   * @throws RenderException when the step has problems or the profile has no address
   * @throws io.cdpkit.core.InvalidInputException when the address found is not an email address
   */
  public EmailMessage render(RenderContext context, IdempotencyKey key, @Nullable String from) {
    StepChecks.throwIfAny(validate());
    String to = StepChecks.recipient("address", TagSource.parse(addressSource), context);
    EmailMessage.Builder message =
        EmailMessage.builder()
            .to(to)
            .from(from)
            .subject(Template.parse("subject", subject).render(tags, context, Escaping.HEADER))
            .idempotencyKey(key);
    if (htmlBody != null) {
      message.htmlBody(Template.parse("htmlBody", htmlBody).render(tags, context, Escaping.HTML));
    }
    if (textBody != null) {
      message.textBody(Template.parse("textBody", textBody).render(tags, context, Escaping.TEXT));
    }
    return message.build();
  }
}
