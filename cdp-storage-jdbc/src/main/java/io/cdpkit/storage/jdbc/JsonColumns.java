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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

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
    return consentsOf(column, read(column, json));
  }

  private static ArrayNode consentsNode(List<Consent> consents) {
    ArrayNode array = NODES.arrayNode(consents.size());
    for (Consent consent : consents) {
      ObjectNode node = array.addObject();
      node.put("channel", consent.channel());
      node.put("purpose", consent.purpose());
      node.put("status", consent.status().name());
      node.put("at", consent.at().toString());
      node.put("source", consent.source());
      if (consent.expiresAt() != null) {
        node.put("expires_at", consent.expiresAt().toString());
      }
    }
    return array;
  }

  private static List<Consent> consentsOf(String column, JsonNode array) {
    if (array.isEmpty()) {
      return List.of();
    }
    List<Consent> consents = new ArrayList<>(array.size());
    try {
      for (JsonNode node : array) {
        JsonNode expires = node.get("expires_at");
        consents.add(
            new Consent(
                text(node, "channel"),
                text(node, "purpose"),
                ConsentStatus.valueOf(text(node, "status")),
                Instant.parse(text(node, "at")),
                text(node, "source"),
                expires == null ? null : Instant.parse(expires.asText())));
      }
    } catch (InvalidInputException | IllegalArgumentException | DateTimeParseException e) {
      throw corrupt(column, e);
    }
    return consents;
  }

  /**
   * Profile rows as they were (the identity log's absorbed profiles): {@code [{"id", "attributes",
   * "consents", "created_at", "updated_at", "merged_ids", "main_identifiers": [[type, value]]}]};
   * rows written before main identifiers were kept have none.
   */
  public static String profiles(List<ProfileSnapshot> profiles) {
    ArrayNode array = NODES.arrayNode(profiles.size());
    for (ProfileSnapshot profile : profiles) {
      ObjectNode node = array.addObject();
      node.put("id", profile.id());
      node.set("attributes", AttributeJson.toNode(profile.attributes()));
      node.set("consents", consentsNode(profile.consents()));
      node.put("created_at", profile.createdAt().toString());
      node.put("updated_at", profile.updatedAt().toString());
      ArrayNode merged = node.putArray("merged_ids");
      new TreeSet<>(profile.mergedIds()).forEach(merged::add);
      ArrayNode mains = node.putArray("main_identifiers");
      profile.mainIdentifiers().forEach(main -> mains.addArray().add(main.type()).add(main.value()));
    }
    return write(array);
  }

  public static List<ProfileSnapshot> profiles(String column, String json) {
    JsonNode array = read(column, json);
    List<ProfileSnapshot> profiles = new ArrayList<>(array.size());
    try {
      for (JsonNode node : array) {
        AttributeValue attributes = AttributeJson.fromNode(node.path("attributes"));
        if (!(attributes instanceof ObjectValue object)) {
          throw new IllegalArgumentException("attributes is not an object");
        }
        Set<String> merged = new TreeSet<>();
        node.path("merged_ids").forEach(id -> merged.add(id.asText()));
        List<Identifier> mains = new ArrayList<>();
        node.path("main_identifiers").forEach(
            pair -> mains.add(new Identifier(pair.path(0).asText(), pair.path(1).asText())));
        profiles.add(
            new ProfileSnapshot(
                text(node, "id"),
                object,
                consentsOf(column, node.path("consents")),
                Instant.parse(text(node, "created_at")),
                Instant.parse(text(node, "updated_at")),
                merged,
                mains));
      }
    } catch (InvalidInputException | IllegalArgumentException | DateTimeParseException e) {
      throw corrupt(column, e);
    }
    return profiles;
  }

  /** A list of strings in its order. */
  public static String list(List<String> values) {
    ArrayNode array = NODES.arrayNode(values.size());
    values.forEach(array::add);
    return write(array);
  }

  public static List<String> list(String column, String json) {
    JsonNode array = read(column, json);
    List<String> values = new ArrayList<>(array.size());
    array.forEach(value -> values.add(value.asText()));
    return values;
  }

  public static String changes(List<AttributeChange> changes) {
    ArrayNode array = NODES.arrayNode(changes.size());
    for (AttributeChange change : changes) {
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
    }
    return write(array);
  }

  private static void change(ObjectNode node, String op, String name, AttributeValue value) {
    node.put("op", op).put("name", name).set("value", AttributeJson.toNode(value));
  }

  public static List<AttributeChange> changes(String column, String json) {
    JsonNode array = read(column, json);
    List<AttributeChange> changes = new ArrayList<>(array.size());
    try {
      for (JsonNode node : array) {
        String name = text(node, "name");
        String op = text(node, "op");
        changes.add(switch (op) {
          case "set" -> new AttributeChange.Set(name, value(node));
          case "set_once" -> new AttributeChange.SetOnce(name, value(node));
          case "unset" -> new AttributeChange.Unset(name);
          case "increment" -> new AttributeChange.Increment(name, number(node));
          case "append" -> new AttributeChange.Append(name, value(node));
          default -> throw new IllegalArgumentException("unknown op " + op);
        });
      }
    } catch (InvalidInputException | IllegalArgumentException e) {
      throw corrupt(column, e);
    }
    return changes;
  }

  public static String identifiers(List<Identifier> identifiers) {
    ArrayNode array = NODES.arrayNode(identifiers.size());
    for (Identifier identifier : identifiers) {
      array.addArray().add(identifier.type()).add(identifier.value());
    }
    return write(array);
  }

  public static List<Identifier> identifiers(String column, String json) {
    if (json.equals("[]")) {
      return List.of();
    }
    JsonNode array = read(column, json);
    if (array.isEmpty()) {
      return List.of();
    }
    List<Identifier> identifiers = new ArrayList<>(array.size());
    try {
      for (JsonNode pair : array) {
        identifiers.add(new Identifier(pair.path(0).asText(), pair.path(1).asText()));
      }
    } catch (InvalidInputException e) {
      throw corrupt(column, e);
    }
    return identifiers;
  }

  public static String strings(Set<String> values) {
    ArrayNode array = NODES.arrayNode(values.size());
    new TreeSet<>(values).forEach(array::add);
    return write(array);
  }

  public static Set<String> strings(String column, String json) {
    Set<String> values = new TreeSet<>();
    read(column, json).forEach(value -> values.add(value.asText()));
    return values;
  }

  public static String history(List<HistoryEntry> history) {
    ArrayNode array = NODES.arrayNode(history.size());
    for (HistoryEntry entry : history) {
      array.addObject().put("at", entry.at().toString()).put("what", entry.what());
    }
    return write(array);
  }

  public static List<HistoryEntry> history(String column, String json) {
    JsonNode array = read(column, json);
    List<HistoryEntry> history = new ArrayList<>(array.size());
    try {
      for (JsonNode node : array) {
        history.add(new HistoryEntry(Instant.parse(text(node, "at")), text(node, "what")));
      }
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw corrupt(column, e);
    }
    return history;
  }

  public static String syncMembers(List<SyncMember> members) {
    ArrayNode array = NODES.arrayNode(members.size());
    for (SyncMember member : members) {
      ObjectNode node = array.addObject();
      node.put("id", member.profileId());
      node.set("identifiers", syncIdentifiersNode(member.identifiers()));
    }
    return write(array);
  }

  public static List<SyncMember> syncMembers(String column, String json) {
    JsonNode array = read(column, json);
    List<SyncMember> members = new ArrayList<>(array.size());
    for (JsonNode node : array) {
      JsonNode id = node.get("id");
      if (id == null || !id.isTextual()) {
        throw corrupt(column, new IllegalArgumentException("a member without a text id"));
      }
      members.add(new SyncMember(id.textValue(), syncIdentifiersOf(column, node.path("identifiers"))));
    }
    return members;
  }

  public static String syncIdentifiers(Map<String, String> identifiers) {
    return write(syncIdentifiersNode(identifiers));
  }

  public static Map<String, String> syncIdentifiers(String column, String json) {
    try {
      JsonNode node = MAPPER.readTree(json);
      return syncIdentifiersOf(column, node == null ? NODES.nullNode() : node);
    } catch (JsonProcessingException e) {
      throw corrupt(column, e);
    }
  }

  private static ObjectNode syncIdentifiersNode(Map<String, String> identifiers) {
    ObjectNode node = NODES.objectNode();
    new TreeMap<>(identifiers).forEach(node::put);
    return node;
  }

  private static Map<String, String> syncIdentifiersOf(String column, JsonNode node) {
    if (!node.isObject()) {
      throw corrupt(column, new IllegalArgumentException("identifiers are not a JSON object"));
    }
    Map<String, String> identifiers = new TreeMap<>();
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      if (!field.getValue().isTextual()) {
        throw corrupt(
            column, new IllegalArgumentException("identifier " + field.getKey() + " is not text"));
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
