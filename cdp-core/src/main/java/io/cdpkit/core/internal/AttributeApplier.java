package io.cdpkit.core.internal;

import io.cdpkit.core.InvalidInputException;
import io.cdpkit.core.profile.AttributeChange;
import io.cdpkit.core.profile.AttributeValue;
import io.cdpkit.core.profile.ListValue;
import io.cdpkit.core.profile.NumberValue;
import io.cdpkit.core.profile.ObjectValue;
import io.cdpkit.core.spi.AttributeUpdate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Applies attribute changes to an attribute object; replays history into attributes. */
public final class AttributeApplier {
  private AttributeApplier() {}

  /**
   * The attributes after the changes, in order.
   *
   * @throws InvalidInputException when an increment meets a value that is not a number
   */
  public static ObjectValue apply(ObjectValue attributes, List<AttributeChange> changes) {
    if (changes.isEmpty()) {
      return attributes;
    }
    Map<String, AttributeValue> fields = new LinkedHashMap<>(attributes.fields());
    for (AttributeChange change : changes) {
      applyOne(fields, change);
    }
    return new ObjectValue(fields);
  }

  /** The attributes that replaying these updates in order from nothing gives. */
  public static ObjectValue replay(List<AttributeUpdate> updates) {
    Map<String, AttributeValue> fields = new LinkedHashMap<>();
    for (AttributeUpdate update : updates) {
      for (AttributeChange change : update.changes()) {
        try {
          applyOne(fields, change);
        } catch (InvalidInputException e) {
          // An increment that once applied can meet another source's text after a merge; the
          // later text then wins, as "most recent value" survivorship says.
          fields.put(change.name(), ((AttributeChange.Increment) change).by());
        }
      }
    }
    return new ObjectValue(fields);
  }

  private static void applyOne(Map<String, AttributeValue> fields, AttributeChange change) {
    String name = change.name();
    AttributeValue current = fields.get(name);
    boolean missing = current == null || current.isNull();
    if (change instanceof AttributeChange.Set set) {
      fields.put(name, set.value());
    } else if (change instanceof AttributeChange.SetOnce once) {
      if (missing) {
        fields.put(name, once.value());
      }
    } else if (change instanceof AttributeChange.Unset) {
      fields.remove(name);
    } else if (change instanceof AttributeChange.Increment increment) {
      if (missing) {
        fields.put(name, increment.by());
      } else if (current instanceof NumberValue number) {
        fields.put(name, new NumberValue(number.value().add(increment.by().value())));
      } else {
        throw new InvalidInputException(
            "attributes." + name, current.toJson(), "increment needs a number attribute");
      }
    } else if (change instanceof AttributeChange.Append append) {
      List<AttributeValue> items = new ArrayList<>();
      if (current instanceof ListValue list) {
        items.addAll(list.items());
      } else if (!missing) {
        items.add(current);
      }
      items.add(append.value());
      fields.put(name, new ListValue(items));
    }
  }
}
