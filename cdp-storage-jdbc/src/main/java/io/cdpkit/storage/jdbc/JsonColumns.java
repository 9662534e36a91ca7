package io.cdpkit.storage.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdpkit.core.InvalidInputException;
import io.cdpkit.core.identity.ProfileSnapshot;
import io.cdpkit.core.identity.Identifier;
import io.cdpkit.core.spi.AttributeJson;
import io.cdpkit.core.profile.AttributeChange;
import io.cdpkit.core.profile.AttributeValue;
import io.cdpkit.core.profile.Consent;
import io.cdpkit.core.profile.ConsentStatus;
import io.cdpkit.core.profile.NumberValue;
import io.cdpkit.core.profile.ObjectValue;
import io.cdpkit.segments.activation.SyncMember;
import io.cdpkit.workflows.enrollment.HistoryEntry;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The JSON text of the columns that hold more than a scalar. Attribute trees use cdp-core's {@link
 * AttributeJson} so both stores agree on numbers; the rest are small fixed shapes:
 *
 * <ul>
 *   <li>consents: {@code [{"channel","purpose","status","at","source","expires_at"?}]}, instants as
 *       ISO-8601 text (exact to the nanosecond);
 *   <li>attribute changes: {@code [{"op":"set"|"set_once"|"unset"|"increment"|"append", "name",
 *       "value"?}]} ({@code value} is the increment for {@code increment});
 *   <li>identifiers of an event: {@code [["email","a@b.c"], ...]};
 *   <li>merged ids: a sorted array of strings; other id lists keep their order;
 *   <li>profile rows kept in the identity log: see {@link #profiles(List)};
 *   <li>an enrollment's history: {@code [{"at","what"}]}, oldest first;
 *   <li>members synced to a destination: {@code [{"id","identifiers":{type: value}}]}, the
 *       identifiers of one member as an object with sorted keys.
 * </ul>
 *
 * A column that does not parse is reported as a {@link CorruptColumnException} naming the column,
 * since only this class writes them. Shared by the SQL stores, so they read each other's rows the
 * same way.
 */
public final class JsonColumns {
  private static final ObjectMapper MAPPER = AttributeJson.mapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private JsonColumns() {}

  public static String attributes(ObjectValue value) {
    return AttributeJson.write(value);
  }

  public static ObjectValue attributes(String column, String json) {
    try {
      return AttributeJson.parseObject(json);
    } catch (InvalidInputException e) {
      throw corrupt(column, e);
    }
  }

  public static String consents(List<Consent> consents) {
    return write(consentsNode(consents));
  }

  public static List<Consent> consents(String column, String json) {
    return each(column, read(column, json), JsonColumns::consent);
  }

  private static ArrayNode consentsNode(List<Consent> consents) {
    return array(consents, (array, consent) -> {
      ObjectNode node = array.addObject()
          .put("channel", consent.channel())
          .put("purpose", consent.purpose())
          .put("status", consent.status().name())
          .put("at", consent.at().toString())
          .put("source", consent.source());
      if (consent.expiresAt() != null) {
        node.put("expires_at", consent.expiresAt().toString());
      }
    });
  }

  private static Consent consent(JsonNode node) {
    JsonNode expires = node.get("expires_at");
    return new Consent(
        text(node, "channel"),
        text(node, "purpose"),
        ConsentStatus.valueOf(text(node, "status")),
        Instant.parse(text(node, "at")),
        text(node, "source"),
        expires == null ? null : Instant.parse(expires.asText()));
  }

  /**
   * Profile rows as they were (the identity log's absorbed profiles): {@code [{"id", "attributes",
   * "consents", "created_at", "updated_at", "merged_ids", "main_identifiers": [[type, value]]}]};
   * rows written before main identifiers were kept have none.
   */
  public static String profiles(List<ProfileSnapshot> profiles) {
    return write(array(profiles, (array, profile) -> {
      ObjectNode node = array.addObject().put("id", profile.id());
      node.set("attributes", AttributeJson.toNode(profile.attributes()));
      node.set("consents", consentsNode(profile.consents()));
      node.put("created_at", profile.createdAt().toString());
      node.put("updated_at", profile.updatedAt().toString());
      node.set("merged_ids", array(new TreeSet<>(profile.mergedIds()), ArrayNode::add));
      node.set("main_identifiers", identifiersNode(profile.mainIdentifiers()));
    }));
  }

  public static List<ProfileSnapshot> profiles(String column, String json) {
    return each(column, read(column, json), node -> {
      if (!(AttributeJson.fromNode(node.path("attributes")) instanceof ObjectValue attributes)) {
        throw new IllegalArgumentException("attributes is not an object");
      }
      Set<String> merged = new TreeSet<>();
      node.path("merged_ids").forEach(id -> merged.add(id.asText()));
      return new ProfileSnapshot(
          text(node, "id"),
          attributes,
          each(column, node.path("consents"), JsonColumns::consent),
          Instant.parse(text(node, "created_at")),
          Instant.parse(text(node, "updated_at")),
          merged,
          each(column, node.path("main_identifiers"), JsonColumns::identifier));
    });
  }

  /** A list of strings in its order. */
  public static String list(List<String> values) {
    return write(array(values, ArrayNode::add));
  }

  public static List<String> list(String column, String json) {
    return each(column, read(column, json), JsonNode::asText);
  }

  public static String changes(List<AttributeChange> changes) {
    return write(array(changes, (array, change) -> {
      ObjectNode node = array.addObject();
      if (change instanceof AttributeChange.Set set) {
        change(node, "set", set.name(), set.value());
      } else if (change instanceof AttributeChange.SetOnce once) {
        change(node, "set_once", once.name(), once.value());
      } else if (change instanceof AttributeChange.Increment increment) {
        change(node, "increment", increment.name(), increment.by());
      } else if (change instanceof AttributeChange.Append append) {
        change(node, "append", append.name(), append.value());
      } else {
        node.put("op", "unset").put("name", change.name());
      }
    }));
  }

  private static void change(ObjectNode node, String op, String name, AttributeValue value) {
    node.put("op", op).put("name", name).set("value", AttributeJson.toNode(value));
  }

  public static List<AttributeChange> changes(String column, String json) {
    return each(column, read(column, json), node -> {
      String name = text(node, "name");
      String op = text(node, "op");
      return switch (op) {
        case "set" -> new AttributeChange.Set(name, value(node));
        case "set_once" -> new AttributeChange.SetOnce(name, value(node));
        case "unset" -> new AttributeChange.Unset(name);
        case "increment" -> new AttributeChange.Increment(name, number(node));
        case "append" -> new AttributeChange.Append(name, value(node));
        default -> throw new IllegalArgumentException("unknown op " + op);
      };
    });
  }

  public static String identifiers(List<Identifier> identifiers) {
    return write(identifiersNode(identifiers));
  }

  private static ArrayNode identifiersNode(List<Identifier> identifiers) {
    return array(identifiers, (array, id) -> array.addArray().add(id.type()).add(id.value()));
  }

  private static Identifier identifier(JsonNode pair) {
    return new Identifier(pair.path(0).asText(), pair.path(1).asText());
  }

  public static List<Identifier> identifiers(String column, String json) {
    return json.equals("[]") ? List.of() : each(column, read(column, json), JsonColumns::identifier);
  }

  /** The payload of an {@code EVENT_STORED} workflow signal: {@code {"event": ID, "profile": ID}}. */
  public static String eventStoredSignal(String eventId, String profileId) {
    return write(NODES.objectNode().put("event", eventId).put("profile", profileId));
  }

  /** A set of strings, sorted. */
  public static String strings(Set<String> values) {
    return write(array(new TreeSet<>(values), ArrayNode::add));
  }

  public static Set<String> strings(String column, String json) {
    return new TreeSet<>(list(column, json));
  }

  public static String history(List<HistoryEntry> history) {
    return write(array(history, (array, entry) ->
        array.addObject().put("at", entry.at().toString()).put("what", entry.what())));
  }

  public static List<HistoryEntry> history(String column, String json) {
    return each(column, read(column, json),
        node -> new HistoryEntry(Instant.parse(text(node, "at")), text(node, "what")));
  }

  public static String syncMembers(List<SyncMember> members) {
    return write(array(members, (array, member) -> array.addObject()
        .put("id", member.profileId())
        .set("identifiers", syncIdentifiersNode(member.identifiers()))));
  }

  public static List<SyncMember> syncMembers(String column, String json) {
    return each(column, read(column, json), node -> {
      JsonNode id = node.get("id");
      if (id == null || !id.isTextual()) {
        throw new IllegalArgumentException("a member without a text id");
      }
      return new SyncMember(id.textValue(), syncIdentifiersOf(node.path("identifiers")));
    });
  }

  public static String syncIdentifiers(Map<String, String> identifiers) {
    return write(syncIdentifiersNode(identifiers));
  }

  public static Map<String, String> syncIdentifiers(String column, String json) {
    try {
      JsonNode node = MAPPER.readTree(json);
      return syncIdentifiersOf(node == null ? NODES.nullNode() : node);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw corrupt(column, e);
    }
  }

  private static ObjectNode syncIdentifiersNode(Map<String, String> identifiers) {
    ObjectNode node = NODES.objectNode();
    new TreeMap<>(identifiers).forEach(node::put);
    return node;
  }

  private static Map<String, String> syncIdentifiersOf(JsonNode node) {
    if (!node.isObject()) {
      throw new IllegalArgumentException("identifiers are not a JSON object");
    }
    Map<String, String> identifiers = new TreeMap<>();
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      if (!field.getValue().isTextual()) {
        throw new IllegalArgumentException("identifier " + field.getKey() + " is not text");
      }
      identifiers.put(field.getKey(), field.getValue().textValue());
    }
    return identifiers;
  }

  private static AttributeValue value(JsonNode node) {
    JsonNode value = node.get("value");
    if (value == null) {
      throw new IllegalArgumentException("missing value");
    }
    return AttributeJson.fromNode(value);
  }

  private static NumberValue number(JsonNode node) {
    if (value(node) instanceof NumberValue number) {
      return number;
    }
    throw new IllegalArgumentException("increment by a non-number");
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException("missing text field " + field);
    }
    return value.textValue();
  }

  /** A JSON array of {@code items}, each added by {@code add}. */
  private static <T> ArrayNode array(Collection<T> items, BiConsumer<ArrayNode, T> add) {
    ArrayNode array = NODES.arrayNode(items.size());
    items.forEach(item -> add.accept(array, item));
    return array;
  }

  /** Each element of {@code array} read by {@code element}; one that does not read is corrupt. */
  private static <T> List<T> each(String column, JsonNode array, Function<JsonNode, T> element) {
    if (array.isEmpty()) {
      return List.of();
    }
    List<T> items = new ArrayList<>(array.size());
    try {
      array.forEach(node -> items.add(element.apply(node)));
    } catch (InvalidInputException | IllegalArgumentException | DateTimeParseException e) {
      throw corrupt(column, e);
    }
    return items;
  }

  private static JsonNode read(String column, String json) {
    try {
      JsonNode node = MAPPER.readTree(json);
      if (node == null || !node.isArray()) {
        throw new IllegalArgumentException("not a JSON array");
      }
      return node;
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw corrupt(column, e);
    }
  }

  private static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }

  private static CorruptColumnException corrupt(String column, Exception e) {
    return new CorruptColumnException(column, e);
  }
}
