package io.cdpkit.core.tracking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdpkit.core.Identify;
import io.cdpkit.core.InvalidInputException;
import io.cdpkit.core.Track;
import io.cdpkit.core.identity.Identifier;
import io.cdpkit.core.spi.AttributeJson;
import io.cdpkit.core.profile.AttributeValue;
import io.cdpkit.core.profile.ObjectValue;
import io.cdpkit.core.profile.TextValue;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Turns one tracking message (a JSON object) into the Cdp requests it stands for, validating every
 * field first so that a batch with one bad message stores nothing. Stateless apart from the
 * lookup that decides whether an alias's {@code previousId} is a known user id.
 */
final class MessageMapper {
  /** Fields with a mapping of their own; every other top-level field is kept under {@code extra}. */
  static final Set<String> MAPPED_FIELDS = Set.of(
      "type", "messageId", "timestamp", "userId", "anonymousId", "context", "event", "properties",
      "traits", "name", "category", "previousId", "groupId");
  /** Credentials, never stored. */
  static final String WRITE_KEY = "writeKey";
  /** Prefix of event ids made from a message's content when it has no {@code messageId}. */
  static final String DERIVED_ID_PREFIX = "msg-sha256-";

  private final String source;
  private final Predicate<String> knownUserId;

  MessageMapper(String source, Predicate<String> knownUserId) {
    this.source = source;
    this.knownUserId = knownUserId;
  }

  /** The requests of one message. {@code identify} is null for types that only store an event. */
  record Mapped(MessageType type, String eventId, @Nullable Identify identify, Track track) {}

  /**
   * @param at the field path prefix of this message, such as {@code batch[3].} or empty
   * @param expected the type the endpoint implies, or null when the message must name its type
   */
  Mapped map(JsonNode node, String at, @Nullable MessageType expected, Instant receivedAt) {
    if (!(node instanceof ObjectNode message)) {
      throw new InvalidInputException(
          at.isEmpty() ? "body" : at.substring(0, at.length() - 1), kind(node),
          "must be a JSON object");
    }
    MessageType type = type(message, at, expected);
    String eventId = eventId(message, at, type);
    @Nullable String userId = optionalId(message, "userId", at);
    @Nullable String anonymousId = optionalId(message, "anonymousId", at);
    if (type != MessageType.ALIAS && userId == null && anonymousId == null) {
      throw new InvalidInputException(at + "userId", null, "userId or anonymousId is required");
    }
    List<Identifier> ids = new ArrayList<>(2);
    if (userId != null) {
      ids.add(identifier(Identifier.USER_ID, userId, at + "userId"));
    }
    if (anonymousId != null) {
      ids.add(identifier(Identifier.ANONYMOUS_ID, anonymousId, at + "anonymousId"));
    }
    @Nullable Instant timestamp = timestamp(message, at, receivedAt);
    Map<String, AttributeValue> properties = new LinkedHashMap<>();
    Identify identify = null;
    String eventType = type.eventType();
    switch (type) {
      case IDENTIFY:
        identify = identify(message, at, ids, timestamp);
        break;
      case TRACK:
        eventType = requiredText(message, "event", at);
        String name = eventType;
        rewrap(at + "event", () -> Track.builder(name));
        properties.putAll(object(message, "properties", at).fields());
        break;
      case PAGE:
      case SCREEN:
        properties.putAll(object(message, "properties", at).fields());
        reserve(properties, "name", optionalText(message, "name", at));
        if (type == MessageType.PAGE) {
          reserve(properties, "category", optionalText(message, "category", at));
        }
        break;
      case ALIAS:
        identify = alias(message, at, ids, timestamp, properties);
        break;
      case GROUP:
        identify = group(message, at, ids, timestamp, properties);
        break;
      default:
        throw new IllegalStateException("unmapped type " + type);
    }
    JsonNode context = message.get("context");
    if (context != null && !context.isNull()) {
      if (!context.isObject()) {
        throw new InvalidInputException(at + "context", kind(context), "must be a JSON object");
      }
      reserve(properties, "context", value(context, at + "context"));
    }
    Map<String, AttributeValue> extra = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> field : message.properties()) {
      String key = field.getKey();
      if (!MAPPED_FIELDS.contains(key) && !key.equals(WRITE_KEY)) {
        extra.put(key, value(field.getValue(), at + key));
      }
    }
    if (!extra.isEmpty()) {
      reserve(properties, "extra", rewrap(at + "extra", () -> new ObjectValue(extra)));
    }
    String finalType = eventType;
    Track.Builder track = rewrap(at + "properties", () -> Track.builder(finalType)
        .eventId(eventId)
        .source(source)
        .properties(new ObjectValue(properties)));
    if (timestamp != null) {
      track.timestamp(timestamp);
    }
    List<Identifier> trackIds = type == MessageType.ALIAS ? ids.subList(0, 1) : ids;
    trackIds.forEach(track::identifier);
    return new Mapped(type, eventId, identify, track.build());
  }

  private Identify identify(
      ObjectNode message, String at, List<Identifier> ids, @Nullable Instant timestamp) {
    Identify.Builder identify = start(ids, timestamp);
    JsonNode traits = message.get("traits");
    if (traits == null || traits.isNull()) {
      return identify.build();
    }
    if (!traits.isObject()) {
      throw new InvalidInputException(at + "traits", kind(traits), "must be a JSON object");
    }
    for (Map.Entry<String, JsonNode> trait : traits.properties()) {
      String field = at + "traits." + trait.getKey();
      JsonNode value = trait.getValue();
      if (value.isNull()) {
        rewrap(field, () -> identify.unset(trait.getKey()));
        continue;
      }
      AttributeValue attribute = value(value, field);
      rewrap(field, () -> identify.set(trait.getKey(), attribute));
      if ((trait.getKey().equals("email") || trait.getKey().equals("phone"))
          && value.isTextual() && !value.textValue().isBlank()) {
        identify.identifier(identifier(trait.getKey(), value.textValue(), field));
      }
    }
    return identify.build();
  }

  private Identify alias(ObjectNode message, String at, List<Identifier> ids,
      @Nullable Instant timestamp, Map<String, AttributeValue> properties) {
    if (ids.isEmpty() || !ids.get(0).type().equals(Identifier.USER_ID)) {
      throw new InvalidInputException(at + "userId", null, "alias needs the userId it aliases to");
    }
    String previousId = requiredId(message, "previousId", at);
    String previousType =
        knownUserId.test(previousId) ? Identifier.USER_ID : Identifier.ANONYMOUS_ID;
    Identify.Builder identify = start(ids, timestamp);
    identify.identifier(identifier(previousType, previousId, at + "previousId"));
    properties.put("previous_id", new TextValue(previousId));
    return identify.build();
  }

  private Identify group(ObjectNode message, String at, List<Identifier> ids,
      @Nullable Instant timestamp, Map<String, AttributeValue> properties) {
    String groupId = requiredId(message, "groupId", at);
    ObjectValue traits = object(message, "traits", at);
    Identify.Builder identify = start(ids, timestamp).set("group_id", groupId);
    properties.put("group_id", new TextValue(groupId));
    if (!traits.isEmpty()) {
      identify.set("group_traits", traits);
      properties.put("traits", traits);
    }
    return identify.build();
  }

  private Identify.Builder start(List<Identifier> ids, @Nullable Instant timestamp) {
    Identify.Builder identify = Identify.builder().source(source);
    ids.forEach(identify::identifier);
    if (timestamp != null) {
      identify.timestamp(timestamp);
    }
    return identify;
  }

  private static MessageType type(ObjectNode message, String at, @Nullable MessageType expected) {
    JsonNode node = message.get("type");
    if (node == null || node.isNull()) {
      if (expected == null) {
        throw new InvalidInputException(at + "type", null,
            "is required: one of identify, track, page, screen, alias, group");
      }
      return expected;
    }
    if (!node.isTextual()) {
      throw new InvalidInputException(at + "type", kind(node), "must be a string");
    }
    MessageType type = MessageType.fromWireName(node.textValue()).orElseThrow(() ->
        new InvalidInputException(at + "type", node.textValue(),
            "must be one of identify, track, page, screen, alias, group"));
    if (expected != null && type != expected) {
      throw new InvalidInputException(at + "type", node.textValue(),
          "must be " + expected.wireName() + " at this endpoint");
    }
    return type;
  }

  private static String eventId(ObjectNode message, String at, MessageType type) {
    String messageId = optionalId(message, "messageId", at);
    if (messageId != null) {
      return messageId;
    }
    ObjectNode copy = message.deepCopy();
    copy.remove(WRITE_KEY);
    copy.put("type", type.wireName());
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(AttributeJson.mapper().writeValueAsString(copy).getBytes(StandardCharsets.UTF_8));
      return DERIVED_ID_PREFIX + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException | com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("SHA-256 and tree serialisation are always available", e);
    }
  }

  /**
   * The event time: {@code timestamp} when given; else {@code originalTimestamp} corrected for the
   * device clock's skew by {@code receivedAt - sentAt} when both are given; else {@code
   * originalTimestamp}; else null (the Cdp clock's now).
   */
  private static @Nullable Instant timestamp(ObjectNode message, String at, Instant receivedAt) {
    Instant timestamp = instant(message, "timestamp", at);
    if (timestamp != null) {
      return timestamp;
    }
    Instant original = instant(message, "originalTimestamp", at);
    Instant sentAt = instant(message, "sentAt", at);
    if (original == null) {
      return null;
    }
    if (sentAt == null) {
      return original;
    }
    return original.plus(Duration.between(sentAt, receivedAt));
  }

  private static @Nullable Instant instant(ObjectNode message, String field, String at) {
    JsonNode node = message.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      throw new InvalidInputException(at + field, kind(node), "must be an ISO-8601 string");
    }
    try {
      return OffsetDateTime.parse(node.textValue()).toInstant();
    } catch (DateTimeParseException e) {
      throw new InvalidInputException(at + field, node.textValue(),
          "must be an ISO-8601 date-time with an offset, such as 2024-05-01T10:15:30.000Z");
    }
  }

  private static @Nullable String optionalId(ObjectNode message, String field, String at) {
    JsonNode node = message.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    String text;
    if (node.isTextual()) {
      text = node.textValue();
    } else if (node.isIntegralNumber()) {
      text = node.asText();
    } else {
      throw new InvalidInputException(at + field, kind(node), "must be a string");
    }
    if (text.isBlank()) {
      throw new InvalidInputException(at + field, text, "must not be blank");
    }
    return text.strip();
  }

  private static String requiredId(ObjectNode message, String field, String at) {
    String id = optionalId(message, field, at);
    if (id == null) {
      throw new InvalidInputException(at + field, null, "is required");
    }
    return id;
  }

  private static @Nullable String optionalText(ObjectNode message, String field, String at) {
    JsonNode node = message.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      throw new InvalidInputException(at + field, kind(node), "must be a string");
    }
    return node.textValue();
  }

  private static String requiredText(ObjectNode message, String field, String at) {
    String text = optionalText(message, field, at);
    if (text == null || text.isBlank()) {
      throw new InvalidInputException(at + field, text, "is required");
    }
    return text.strip();
  }

  private static ObjectValue object(ObjectNode message, String field, String at) {
    JsonNode node = message.get(field);
    if (node == null || node.isNull()) {
      return ObjectValue.EMPTY;
    }
    if (!node.isObject()) {
      throw new InvalidInputException(at + field, kind(node), "must be a JSON object");
    }
    return (ObjectValue) value(node, at + field);
  }

  private static AttributeValue value(JsonNode node, String field) {
    return rewrap(field, () -> AttributeJson.fromNode(node));
  }

  private static Identifier identifier(String type, String value, String field) {
    return rewrap(field, () -> Identifier.of(type, value));
  }

  /** Puts a mapped value under its name, or under {@code $name} when a property holds the name. */
  private static void reserve(
      Map<String, AttributeValue> properties, String name, @Nullable Object value) {
    if (value == null) {
      return;
    }
    AttributeValue attribute = AttributeValue.of(value);
    properties.put(properties.containsKey(name) ? "$" + name : name, attribute);
  }

  /** Runs a conversion, naming {@code field} in any {@link InvalidInputException} it throws. */
  static <T> T rewrap(String field, Supplier<T> conversion) {
    try {
      return conversion.get();
    } catch (InvalidInputException e) {
      InvalidInputException named = new InvalidInputException(field, e.value(), e.rule());
      named.initCause(e);
      throw named;
    }
  }

  private static String kind(JsonNode node) {
    return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
  }
}
