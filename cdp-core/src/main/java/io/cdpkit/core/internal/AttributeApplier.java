package io.cdpkit.core.internal;

import io.cdpkit.core.InvalidInputException;
import io.cdpkit.core.identity.IdentityRules;
import io.cdpkit.core.identity.Survivorship;
import io.cdpkit.core.profile.AttributeChange;
import io.cdpkit.core.profile.AttributeValue;
import io.cdpkit.core.profile.ListValue;
import io.cdpkit.core.profile.NumberValue;
import io.cdpkit.core.profile.ObjectValue;
import io.cdpkit.core.spi.AttributeUpdate;
import java.util.ArrayList;
import java.util.HashMap;
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

  /** The attributes that replaying these updates in order from nothing gives, all most-recent. */
  public static ObjectValue replay(List<AttributeUpdate> updates) {
    return replay(updates, IdentityRules.defaults());
  }

  /**
   * The attributes that replaying these updates in order gives, each attribute's sets judged by
   * its {@link Survivorship}. Changes other than sets (unset, increment, append) always apply.
   */
  public static ObjectValue replay(List<AttributeUpdate> updates, IdentityRules rules) {
    Map<String, AttributeValue> fields = new LinkedHashMap<>();
    Map<String, Survivorship.Candidate> held = new HashMap<>();
    for (AttributeUpdate update : updates) {
      for (AttributeChange change : update.changes()) {
        String name = change.name();
        if (change instanceof AttributeChange.Set set && fields.containsKey(name)) {
          Survivorship.Candidate incoming =
              new Survivorship.Candidate(set.value(), update.at(), update.source(), update.originProfileId());
          Survivorship.Candidate kept = choose(rules.survivorship(name), held.get(name), incoming);
          fields.put(name, kept.value());
          held.put(name, kept);
          continue;
        }
        try {
          applyOne(fields, change);
        } catch (InvalidInputException e) {
          // An increment that once applied can meet another source's text after a merge; the
          // increment then starts afresh, as "most recent value" survivorship says.
          fields.put(name, ((AttributeChange.Increment) change).by());
        }
        AttributeValue value = fields.get(name);
        if (value == null) {
          held.remove(name);
        } else {
          held.put(name, new Survivorship.Candidate(value, update.at(), update.source(), update.originProfileId()));
        }
      }
    }
    return new ObjectValue(fields);
  }

  private static Survivorship.Candidate choose(
      Survivorship rule, Survivorship.Candidate held, Survivorship.Candidate incoming) {
    if (rule instanceof Survivorship.FirstSeen) {
      return held;
    }
    if (rule instanceof Survivorship.SourcePriority priority) {
      return priority.rank(incoming.source()) <= priority.rank(held.source()) ? incoming : held;
    }
    if (rule instanceof Survivorship.Custom custom) {
      AttributeValue chosen = custom.resolver().choose(held, incoming);
      return new Survivorship.Candidate(chosen, incoming.at(), incoming.source(), incoming.originProfileId());
    }
    return incoming;
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
