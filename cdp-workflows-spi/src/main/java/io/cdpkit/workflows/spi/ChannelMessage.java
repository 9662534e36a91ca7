package io.cdpkit.workflows.spi;

import io.cdpkit.core.InvalidInputException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One message on a channel other than email, such as {@code sms} or {@code whatsapp}, rendered and
 * ready to send. Providers that render templates themselves use {@code templateId} and {@code
 * params}; the others send {@code text}. Immutable and thread-safe.
 *
 * <pre>{@code
 * ChannelMessage sms = new ChannelMessage("sms", "+4915112345678", "festival-reminder",
 *     "Doors open in one hour, Ann!", Map.of("first_name", "Ann"),
 *     IdempotencyKey.of("enr-7", "remind", 1));
 * }</pre>
 *
 * @param channel the channel: lower-case letters, digits and underscores, starting with a letter
 * @param to the recipient on that channel, such as a phone number; not blank, single-line
 * @param templateId the template the text was rendered from; not blank
 * @param text the rendered text; may be empty when the provider renders {@code params} itself
 * @param params the rendered merge tag values by tag name, in order
 * @param idempotencyKey the key of this send
 */
public record ChannelMessage(
    String channel,
    String to,
    String templateId,
    String text,
    Map<String, String> params,
    IdempotencyKey idempotencyKey) {

  /**
   * @throws InvalidInputException naming the component and the rule it breaks
   */
  public ChannelMessage {
    if (channel == null || !channel.matches("[a-z][a-z0-9_]{0,63}")) {
      throw new InvalidInputException(
          "channel", channel, "must be lower-case letters, digits or _, starting with a letter");
    }
    RequestChecks.notBlank("to", to);
    RequestChecks.headerSafe("to", to);
    RequestChecks.notBlank("templateId", templateId);
    RequestChecks.headerSafe("templateId", templateId);
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(params, "params");
    LinkedHashMap<String, String> copy = new LinkedHashMap<>();
    for (Map.Entry<String, String> param : params.entrySet()) {
      copy.put(
          RequestChecks.notBlank("params key", param.getKey()),
          Objects.requireNonNull(param.getValue(), "params value"));
    }
    params = Collections.unmodifiableMap(copy);
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
  }
}
