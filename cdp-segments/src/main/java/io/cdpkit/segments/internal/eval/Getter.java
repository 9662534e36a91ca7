package io.cdpkit.segments.internal.eval;

import io.cdpkit.core.event.Event;
import io.cdpkit.core.identity.ProfileIdentifier;
import io.cdpkit.core.profile.AttributeValue;
import io.cdpkit.core.profile.ListValue;
import io.cdpkit.core.profile.NumberValue;
import io.cdpkit.core.profile.ObjectValue;
import io.cdpkit.core.profile.TextValue;
import io.cdpkit.segments.ast.Path;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Reads the value a path names, or null when it is missing (absent or JSON null). {@code scope}
 * is the object paths start from: the profile's attributes, an event's properties, or a list
 * element; {@code event} is the event being filtered, if any.
 */
@FunctionalInterface
interface Getter {
  @Nullable AttributeValue get(Frame frame, @Nullable Event event, ObjectValue scope);

  static Getter of(Path path) {
    if (path.system()) {
      return system(path);
    }
    List<String> parts = path.parts();
    if (parts.size() == 1) {
      String name = parts.get(0);
      return (frame, event, scope) -> present(scope.fields().get(name));
    }
    String[] array = parts.toArray(new String[0]);
    return (frame, event, scope) -> resolve(scope, array, 0);
  }

  private static Getter system(Path path) {
    switch (path.systemField()) {
      case "id":
        return (frame, event, scope) -> new TextValue(frame.profile.id());
      case "created_at":
        return (frame, event, scope) -> new TextValue(frame.profile.createdAt().toString());
      case "updated_at":
        return (frame, event, scope) -> new TextValue(frame.profile.updatedAt().toString());
      case "identifier": {
        String type = path.parts().get(1);
        return (frame, event, scope) -> {
          List<AttributeValue> values = new ArrayList<>(2);
          for (ProfileIdentifier identifier : frame.profile.identifiers()) {
            if (identifier.type().equals(type)) {
              values.add(new TextValue(identifier.value()));
            }
          }
          return values.isEmpty() ? null : new ListValue(values);
        };
      }
      case "computed": {
        String name = path.parts().get(1);
        return (frame, event, scope) -> {
          Optional<BigDecimal> value = frame.context.computed().value(frame.profile, name);
          return value.isPresent() ? new NumberValue(value.get()) : null;
        };
      }
      case "type":
        return (frame, event, scope) -> event == null ? null : new TextValue(event.type());
      case "timestamp":
        return (frame, event, scope) ->
            event == null ? null : new TextValue(event.timestamp().toString());
      case "source":
        return (frame, event, scope) -> event == null ? null : new TextValue(event.source());
      default:
        throw new IllegalArgumentException("unknown system field " + path);
    }
  }

  private static @Nullable AttributeValue present(@Nullable AttributeValue value) {
    return value == null || value.isNull() ? null : value;
  }

  /**
   * Follows the parts from {@code value}. Through a list of objects it collects each element's
   * value into one list, flattening lists found on the way; nothing collected is missing.
   */
  private static @Nullable AttributeValue resolve(AttributeValue value, String[] parts, int from) {
    AttributeValue current = value;
    for (int i = from; i < parts.length; i++) {
      if (current instanceof ObjectValue object) {
        current = present(object.fields().get(parts[i]));
        if (current == null) {
          return null;
        }
      } else if (current instanceof ListValue list) {
        return collect(list, parts, i);
      } else {
        return null;
      }
    }
    return current;
  }

  private static @Nullable AttributeValue collect(ListValue list, String[] parts, int from) {
    List<AttributeValue> collected = new ArrayList<>();
    for (AttributeValue item : list.items()) {
      AttributeValue found = resolve(item, parts, from);
      if (found instanceof ListValue inner) {
        for (AttributeValue element : inner.items()) {
          if (!element.isNull()) {
            collected.add(element);
          }
        }
      } else if (found != null) {
        collected.add(found);
      }
    }
    return collected.isEmpty() ? null : new ListValue(collected);
  }
}
