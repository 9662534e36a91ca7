package io.cdpkit.core.tracking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdpkit.core.Identify;
import io.cdpkit.core.InvalidInputException;
import io.cdpkit.core.Track;
import io.cdpkit.core.identity.Identifier;
import io.cdpkit.core.identity.PhoneNumbers;
import io.cdpkit.core.spi.AttributeJson;
import io.cdpkit.core.profile.AttributeValue;
import io.cdpkit.core.profile.NumberValue;
import io.cdpkit.core.profile.ObjectValue;
import io.cdpkit.core.profile.TextValue;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Turns one tracking message (a JSON object) into the Cdp requests it stands for, validating every
 * field first so that a bad message is refused before anything of it is stored. Stateless apart from the
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

  /** Event property flagging times that could not be read: field name to the text received. */
  static final String UNREADABLE_TIMESTAMP = "$unreadable_timestamp";

  /** Attribute saying why a {@code phone} trait is not a possible number (and no identifier). */
  static final String PHONE_PROBLEM = "phone_problem";

  private final String source;
  private final ZoneId zone;
  private final PhoneNumbers phones;
  private final Predicate<String> knownUserId;

  MessageMapper(String source, ZoneId zone, PhoneNumbers phones, Predicate<String> knownUserId) {
    this.source = source;
    this.zone = zone;
    this.phones = phones;
    this.knownUserId = knownUserId;
  }

  /**
   * The requests of one message. {@code identify} is null for types that only store an event;
   * {@code group} is the membership a group message adds; {@code alias} the two user ids an alias
   * message says are one person.
   */
  record Mapped(MessageType type, String eventId, @Nullable Identify identify, Track track,
      @Nullable GroupMembership group, @Nullable AliasPair alias) {}

  /** A group message's group and its traits, applied against the profile's current groups. */
  record GroupMembership(List<Identifier> member, String groupId, ObjectValue traits,
      @Nullable Instant timestamp) {}

  /** An alias message's ids: {@code previousId} and {@code userId} name one person. */
  record AliasPair(String previousId, String userId) {}

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
    Map<String, AttributeValue> unreadable = new LinkedHashMap<>();
    @Nullable Instant timestamp = timestamp(message, receivedAt, unreadable);
    Map<String, AttributeValue> properties = new LinkedHashMap<>();
    Identify identify = null;
    GroupMembership group = null;
    AliasPair alias = null;
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
        alias = new AliasPair(requiredId(message, "previousId", at), ids.get(0).value());
        break;
      case GROUP:
        group = group(message, at, ids, timestamp, properties);
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
    if (!unreadable.isEmpty()) {
      properties.put(UNREADABLE_TIMESTAMP, new ObjectValue(unreadable));
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
    List<Identifier> linked = contextIdentifiers(message, identify);
    if (!linked.isEmpty()) {
      Identify.Builder linking = start(identify == null ? ids : identify.identifiers(), timestamp);
      if (identify != null) {
        identify.changes().forEach(linking::change);
      }
      linked.forEach(linking::identifier);
      identify = linking.build();
    }
    return new Mapped(type, eventId, identify, track.build(), group, alias);
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
        validIdentifier(trait.getKey(), value.textValue()).ifPresent(identify::identifier);
        if (trait.getKey().equals(Identifier.PHONE)) {
          String problem = phones.read(value.textValue()).problem();
          if (problem != null) {
            identify.set(PHONE_PROBLEM, problem);
          }
        }
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
    Identify.Builder identify = start(ids, timestamp);
    if (!knownUserId.test(previousId)) {
      identify.identifier(identifier(Identifier.ANONYMOUS_ID, previousId, at + "previousId"));
    }
    properties.put("previous_id", new TextValue(previousId));
    return identify.build();
  }

  private GroupMembership group(ObjectNode message, String at, List<Identifier> ids,
      @Nullable Instant timestamp, Map<String, AttributeValue> properties) {
    String groupId = requiredId(message, "groupId", at);
    ObjectValue traits = object(message, "traits", at);
    properties.put("group_id", new TextValue(groupId));
    if (!traits.isEmpty()) {
      properties.put("traits", traits);
    }
    return new GroupMembership(ids, groupId, traits, timestamp);
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
   * The event time as Segment defines it: {@code timestamp} when the client set it; else {@code
   * receivedAt - (sentAt - originalTimestamp)}, correcting the device clock's skew, when both are
   * given; else {@code originalTimestamp}; else null (the Cdp clock's now). A time without an
   * offset is read in the Cdp's zone; an unreadable one counts as absent and is recorded in {@code
   * unreadable} (field to raw text) so that the event can carry it.
   */
  private @Nullable Instant timestamp(
      ObjectNode message, Instant receivedAt, Map<String, AttributeValue> unreadable) {
    Instant timestamp = instant(message, "timestamp", unreadable);
    if (timestamp != null) {
      return timestamp;
    }
    Instant original = instant(message, "originalTimestamp", unreadable);
    Instant sentAt = instant(message, "sentAt", unreadable);
    if (original == null) {
      return null;
    }
    if (sentAt == null) {
      return original;
    }
    return receivedAt.minus(Duration.between(original, sentAt));
  }

  private @Nullable Instant instant(
      ObjectNode message, String field, Map<String, AttributeValue> unreadable) {
    JsonNode node = message.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (node.isTextual()) {
      String text = node.textValue().strip();
      try {
        return OffsetDateTime.parse(text).toInstant();
      } catch (DateTimeParseException withoutOffset) {
        try {
          return LocalDateTime.parse(text).atZone(zone).toInstant();
        } catch (DateTimeParseException unreadableText) {
          // falls through to the flag below
        }
      }
    }
    unreadable.put(field, new TextValue(node.isTextual() ? node.textValue() : node.toString()));
    return null;
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
    checkNumbers(node, field, 0);
    return rewrap(field, () -> AttributeJson.fromNode(node));
  }

  /** Refuses a number out of {@link NumberValue}'s range, naming its path, before any conversion. */
  private static void checkNumbers(JsonNode node, String path, int depth) {
    if (node.isBigDecimal() || node.isBigInteger()) {
      rewrap(path, () -> new NumberValue(node.decimalValue()));
    } else if (node.isContainerNode() && depth <= AttributeJson.MAX_DEPTH) {
      if (node.isArray()) {
        for (int i = 0; i < node.size(); i++) {
          checkNumbers(node.get(i), path + "[" + i + "]", depth + 1);
        }
      } else {
        for (Map.Entry<String, JsonNode> field : node.properties()) {
          checkNumbers(field.getValue(), path + "." + field.getKey(), depth + 1);
        }
      }
    }
  }

  /**
   * The valid {@code email} and {@code phone} of {@code context.traits} that the message's own
   * identify does not carry already: analytics libraries copy the known user's traits there, so an
   * anonymous event carrying them belongs to that person.
   */
  private List<Identifier> contextIdentifiers(ObjectNode message, @Nullable Identify identify) {
    JsonNode traits = message.path("context").path("traits");
    if (!traits.isObject()) {
      return List.of();
    }
    List<Identifier> linked = new ArrayList<>(2);
    for (String type : new String[] {Identifier.EMAIL, Identifier.PHONE}) {
      JsonNode value = traits.get(type);
      if (value != null && value.isTextual() && !value.textValue().isBlank()) {
        validIdentifier(type, value.textValue())
            .filter(id -> identify == null || !identify.identifiers().contains(id))
            .ifPresent(linked::add);
      }
    }
    return linked;
  }

  /**
   * The identifier, or empty when the value is not one (it is then kept as an attribute only); a
   * phone number is read with the default region into E.164.
   */
  private Optional<Identifier> validIdentifier(String type, String value) {
    try {
      if (type.equals(Identifier.PHONE)) {
        return phones.read(value).number().map(Identifier::phone);
      }
      return Optional.of(Identifier.of(type, value));
    } catch (InvalidInputException notAnIdentifier) {
      return Optional.empty();
    }
  }

  private static Identifier identifier(String type, String value, String field) {
    return rewrap(field, () -> Identifier.of(type, value));
  }

  /**
   * Puts a mapped value under its name, or under {@code $name} when a property holds another value
   * under the name (analytics.js repeats a page's name and category in its properties: no copy).
   */
  private static void reserve(
      Map<String, AttributeValue> properties, String name, @Nullable Object value) {
    if (value == null) {
      return;
    }
    AttributeValue attribute = AttributeValue.of(value);
    AttributeValue held = properties.get(name);
    if (held == null) {
      properties.put(name, attribute);
    } else if (!held.equals(attribute)) {
      properties.put("$" + name, attribute);
    }
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
