package io.cdpkit.core.spi;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdpkit.core.InvalidInputException;
import io.cdpkit.core.profile.AttributeValue;
import io.cdpkit.core.profile.BooleanValue;
import io.cdpkit.core.profile.ListValue;
import io.cdpkit.core.profile.NullValue;
import io.cdpkit.core.profile.NumberValue;
import io.cdpkit.core.profile.ObjectValue;
import io.cdpkit.core.profile.TextValue;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts {@link AttributeValue} trees to and from Jackson's tree model and JSON text, for store
 * implementations that keep attributes as JSON.
 *
 * <p>This class is the one public signature that names Jackson 2 types ({@code ObjectMapper},
 * {@code JsonNode}), by choice: it is SPI for store writers, who already parse JSON columns with
 * Jackson, and it spares every store its own conversion. Application-facing API (profiles,
 * events, {@link ProfileDataContributor}, importers and exporters) takes and returns CDPKit's own
 * types and text only, so moving to Jackson 3 changes this class and the stores, not callers.
 */
public final class AttributeJson {
  /** Deeper trees are refused: they are never real customer data, and recursion must end. */
  public static final int MAX_DEPTH = 32;

  private static final ObjectMapper MAPPER =
      JsonMapper.builder(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH + 1).build())
                  .build())
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .build();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private AttributeJson() {}

  /** The shared, thread-safe mapper configured for exact decimals. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  public static AttributeValue parse(String json) {
    try {
      return fromNode(MAPPER.readTree(json));
    } catch (JsonProcessingException e) {
      throw new InvalidInputException("json", json, "must be valid JSON: " + e.getOriginalMessage());
    }
  }

  public static ObjectValue parseObject(String json) {
    AttributeValue value = parse(json);
    if (!(value instanceof ObjectValue object)) {
      throw new InvalidInputException("json", json, "must be a JSON object");
    }
    return object;
  }

  public static String write(AttributeValue value) {
    try {
      return MAPPER.writeValueAsString(toNode(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an attribute tree always serialises", e);
    }
  }

  public static AttributeValue fromNode(JsonNode node) {
    return fromNode(node, 0);
  }

  private static AttributeValue fromNode(JsonNode node, int depth) {
    if (depth > MAX_DEPTH) {
      throw new InvalidInputException("json", "...", "must nest at most " + MAX_DEPTH + " levels");
    }
    switch (node.getNodeType()) {
      case STRING:
        return new TextValue(node.textValue());
      case NUMBER:
        if (node.isDouble() || node.isFloat()) {
          return NumberValue.of(node.doubleValue());
        }
        return new NumberValue(node.decimalValue());
      case BOOLEAN:
        return BooleanValue.of(node.booleanValue());
      case NULL:
      case MISSING:
        return NullValue.INSTANCE;
      case ARRAY:
        List<AttributeValue> items = new ArrayList<>(node.size());
        for (JsonNode item : node) {
          items.add(fromNode(item, depth + 1));
        }
        return new ListValue(items);
      case OBJECT:
        Map<String, AttributeValue> fields = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
          fields.put(field.getKey(), fromNode(field.getValue(), depth + 1));
        }
        return new ObjectValue(fields);
      default:
        throw new InvalidInputException("json", node.getNodeType(), "binary and POJO nodes are not JSON data");
    }
  }

  public static JsonNode toNode(AttributeValue value) {
    if (value instanceof TextValue text) {
      return NODES.textNode(text.value());
    }
    if (value instanceof NumberValue number) {
      BigDecimal decimal = number.value();
      if (decimal.scale() <= 0 && decimal.precision() - decimal.scale() < 19) {
        return NODES.numberNode(decimal.longValueExact());
      }
      return NODES.numberNode(decimal.scale() < 0 ? decimal.setScale(0) : decimal);
    }
    if (value instanceof BooleanValue bool) {
      return NODES.booleanNode(bool.value());
    }
    if (value instanceof ListValue list) {
      ArrayNode array = NODES.arrayNode(list.items().size());
      for (AttributeValue item : list.items()) {
        array.add(toNode(item));
      }
      return array;
    }
    if (value instanceof ObjectValue object) {
      ObjectNode node = NODES.objectNode();
      for (Map.Entry<String, AttributeValue> field : object.fields().entrySet()) {
        node.set(field.getKey(), toNode(field.getValue()));
      }
      return node;
    }
    return NODES.nullNode();
  }
}
