package io.cdpkit.workflows.internal.render;

import io.cdpkit.workflows.spi.ChannelMessage;
import io.cdpkit.workflows.spi.IdempotencyKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The templates of a {@code send message} step: the channel ({@code sms}, {@code whatsapp}, ...),
 * the provider template id, where the phone number (or other address) is, the text and the merge
 * tags. The text is rendered as is; every tag's value also travels as a param for providers that
 * render their own templates. Immutable and thread-safe.
 */
public record MessageStepTemplate(
    String channel, String templateId, String recipientSource, String text, MergeTags tags) {

  public MessageStepTemplate {
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(templateId, "templateId");
    Objects.requireNonNull(recipientSource, "recipientSource");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(tags, "tags");
  }

  /** Every problem with this step, empty when it can render. */
  public List<TemplateProblem> validate() {
    List<TemplateProblem> problems = new ArrayList<>();
    if (!channel.matches("[a-z][a-z0-9_]{0,63}")) {
      problems.add(
          new TemplateProblem(
              "channel", "'" + channel + "' must be lower-case letters, digits or _, such as sms"));
    }
    if (templateId.isBlank()) {
      problems.add(new TemplateProblem("templateId", "is missing"));
    }
    StepChecks.source("recipient", recipientSource, problems);
    StepChecks.template("text", text, tags, problems);
    return problems;
  }

  /**
   * Renders the message for one profile.
   *
   * @throws RenderException when the step has problems or the profile has no recipient value
   */
  public ChannelMessage render(RenderContext context, IdempotencyKey key) {
    StepChecks.throwIfAny(validate());
    String to = StepChecks.recipient("recipient", TagSource.parse(recipientSource), context);
    String rendered = Template.parse("text", text).render(tags, context, Escaping.TEXT);
    return new ChannelMessage(channel, to, templateId, rendered, tags.values(context), key);
  }
}
