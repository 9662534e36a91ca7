package io.cdpkit.app.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdpkit.core.event.Event;
import io.cdpkit.core.identity.Identifier;
import io.cdpkit.core.identity.ProfileIdentifier;
import io.cdpkit.core.internal.AttributeJson;
import io.cdpkit.core.profile.Consent;
import io.cdpkit.core.profile.Profile;
import java.io.IOException;
import java.util.Collection;
import java.util.Locale;
import java.util.TreeSet;

/**
 * The JSON of {@code --json} output: one line, {@code ": "} after names and {@code ", "} between
 * items, as {@code data-formats.md} shows ({@code {"count": 2, "members": ["p-1", "p-2"]}}).
 */
final class Json {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final ObjectWriter WRITER = AttributeJson.mapper().writer(new OneLine());

  private Json() {}

  static ObjectNode object() {
    return NODES.objectNode();
  }

  static ArrayNode array() {
    return NODES.arrayNode();
  }

  static String write(JsonNode node) {
    try {
      return WRITER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }

  static ArrayNode strings(Collection<String> values) {
    ArrayNode array = array();
    values.forEach(array::add);
    return array;
  }

  /** The profile shape of {@code data-formats.md}. */
  static ObjectNode profile(Profile profile) {
    ObjectNode node = object();
    node.put("id", profile.id());
    ArrayNode identifiers = node.putArray("identifiers");
    for (ProfileIdentifier identifier : profile.identifiers()) {
      identifiers.addObject().put("type", identifier.type()).put("value", identifier.value());
    }
    node.set("attributes", AttributeJson.toNode(profile.attributes()));
    node.put("created_at", profile.createdAt().toString());
    return node;
  }

  /** The profile with its consents and merged ids, as {@code profile show} prints it. */
  static ObjectNode profileDetails(Profile profile) {
    ObjectNode node = profile(profile);
    ArrayNode consents = node.putArray("consents");
    for (Consent consent : profile.consents()) {
      ObjectNode item = consents.addObject();
      item.put("channel", consent.channel());
      item.put("purpose", consent.purpose());
      item.put("status", consent.status().name().toLowerCase(Locale.ROOT));
      item.put("at", consent.at().toString());
      item.put("source", consent.source());
    }
    node.set("merged_ids", strings(new TreeSet<>(profile.mergedIds())));
    return node;
  }

  /** The event shape of {@code data-formats.md}. */
  static ObjectNode event(Event event) {
    ObjectNode node = object();
    node.put("id", event.id());
    node.put("profile_id", event.profileId());
    node.put("type", event.type());
    node.put("timestamp", event.timestamp().toString());
    node.put("source", event.source());
    node.set("properties", AttributeJson.toNode(event.properties()));
    if (!event.identifiers().isEmpty()) {
      ArrayNode identifiers = node.putArray("identifiers");
      for (Identifier identifier : event.identifiers()) {
        identifiers.addObject().put("type", identifier.type()).put("value", identifier.value());
      }
    }
    return node;
  }

  /** Separators with one space after, nothing else added. */
  private static final class OneLine extends MinimalPrettyPrinter {
    private static final long serialVersionUID = 1L;

    @Override
    public void writeObjectFieldValueSeparator(JsonGenerator generator) throws IOException {
      generator.writeRaw(": ");
    }

    @Override
    public void writeObjectEntrySeparator(JsonGenerator generator) throws IOException {
      generator.writeRaw(", ");
    }

    @Override
    public void writeArrayValueSeparator(JsonGenerator generator) throws IOException {
      generator.writeRaw(", ");
    }
  }
}
