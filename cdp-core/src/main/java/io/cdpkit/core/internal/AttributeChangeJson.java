package io.cdpkit.core.internal;

import io.cdpkit.core.spi.AttributeJson;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdpkit.core.InvalidInputException;
import io.cdpkit.core.profile.AttributeChange;
import io.cdpkit.core.profile.NumberValue;

/** The JSON form of attribute changes in exports: {@code {"op":"set","name":"age","value":25}}. */
public final class AttributeChangeJson {
  private AttributeChangeJson() {}

  public static ObjectNode write(AttributeChange change) {
    ObjectNode node = AttributeJson.mapper().createObjectNode();
    node.put("name", change.name());
    if (change instanceof AttributeChange.Set set) {
      node.put("op", "set").set("value", AttributeJson.toNode(set.value()));
    } else if (change instanceof AttributeChange.SetOnce once) {
      node.put("op", "set_once").set("value", AttributeJson.toNode(once.value()));
    } else if (change instanceof AttributeChange.Unset) {
      node.put("op", "unset");
    } else if (change instanceof AttributeChange.Increment increment) {
      node.put("op", "increment").set("value", AttributeJson.toNode(increment.by()));
    } else if (change instanceof AttributeChange.Append append) {
      node.put("op", "append").set("value", AttributeJson.toNode(append.value()));
    }
    return node;
  }

  public static AttributeChange read(JsonNode node) {
    String name = node.path("name").asText();
    String op = node.path("op").asText();
    JsonNode value = node.path("value");
    switch (op) {
      case "set":
        return new AttributeChange.Set(name, AttributeJson.fromNode(value));
      case "set_once":
        return new AttributeChange.SetOnce(name, AttributeJson.fromNode(value));
      case "unset":
        return new AttributeChange.Unset(name);
      case "increment":
        if (!(AttributeJson.fromNode(value) instanceof NumberValue number)) {
          throw new InvalidInputException("change.value", value, "increment needs a number");
        }
        return new AttributeChange.Increment(name, number);
      case "append":
        return new AttributeChange.Append(name, AttributeJson.fromNode(value));
      default:
        throw new InvalidInputException("change.op", op, "must be set, set_once, unset, increment or append");
    }
  }
}
