package io.cdpkit.core.exchange;

import io.cdpkit.core.InvalidInputException;
import io.cdpkit.core.identity.Identifier;
import java.util.Locale;
import java.util.Map;

/**
 * The channel kinds of the customer template's {@code source} column and the identifier type each
 * gives the {@code identifier} column's value: {@code wa} a {@code whatsapp} number, {@code ig}
 * {@code instagram}, {@code fb} {@code facebook}, {@code line}, {@code telegram}, {@code tiktok},
 * {@code custom}, and {@code qiscus} (the web widget) an {@code email} or {@code phone} by the
 * value's shape. Full names ({@code whatsapp}, {@code instagram}, {@code facebook}) are accepted
 * too; case is ignored.
 */
final class ChannelKinds {
  private static final Map<String, String> TYPES = Map.ofEntries(
      Map.entry("wa", Identifier.WHATSAPP),
      Map.entry("whatsapp", Identifier.WHATSAPP),
      Map.entry("ig", "instagram"),
      Map.entry("instagram", "instagram"),
      Map.entry("fb", "facebook"),
      Map.entry("facebook", "facebook"),
      Map.entry("line", "line"),
      Map.entry("telegram", "telegram"),
      Map.entry("tiktok", "tiktok"),
      Map.entry("custom", "custom"));
  private static final String WIDGET = "qiscus";

  private ChannelKinds() {}

  /**
   * The identifier type of {@code value} on the channel kind {@code kind}.
   *
   * @throws InvalidInputException naming the {@code source} column for an unknown kind
   */
  static String identifierType(String kind, String value) {
    String key = kind.strip().toLowerCase(Locale.ROOT);
    if (key.equals(WIDGET)) {
      return value.indexOf('@') >= 0 ? Identifier.EMAIL : Identifier.PHONE;
    }
    String type = TYPES.get(key);
    if (type == null) {
      throw new InvalidInputException("source", kind,
          "must be a channel kind: qiscus, wa, ig, fb, line, telegram, tiktok or custom");
    }
    return type;
  }
}
