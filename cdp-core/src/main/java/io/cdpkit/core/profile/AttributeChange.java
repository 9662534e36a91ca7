package io.cdpkit.core.profile;

import io.cdpkit.core.InvalidInputException;
import java.util.Objects;

/**
 * One change to one top-level attribute, as {@code identify} applies it. Changes are kept per
 * source profile, so a merge can be undone and survivorship can be replayed in time order.
 */
public sealed interface AttributeChange {

  /** The attribute changed. */
  String name();

  /** Sets the attribute, replacing any value. */
  record Set(String name, AttributeValue value) implements AttributeChange {
    public Set {
      ObjectValue.checkName(name);
      Objects.requireNonNull(value, "value");
    }
  }

  /** Sets the attribute only where it has no value yet (the first value ever set wins). */
  record SetOnce(String name, AttributeValue value) implements AttributeChange {
    public SetOnce {
      ObjectValue.checkName(name);
      Objects.requireNonNull(value, "value");
    }
  }

  /** Removes the attribute. */
  record Unset(String name) implements AttributeChange {
    public Unset {
      ObjectValue.checkName(name);
    }
  }

  /**
   * Adds to a number; a missing attribute counts as zero.
   *
   * <p>Incrementing an attribute that holds something other than a number is refused with an
   * {@link InvalidInputException} when applied.
   */
  record Increment(String name, NumberValue by) implements AttributeChange {
    public Increment {
      ObjectValue.checkName(name);
      Objects.requireNonNull(by, "by");
    }
  }

  /**
   * Appends to a list; a missing attribute starts an empty list, and a scalar becomes a list of
   * itself first.
   */
  record Append(String name, AttributeValue value) implements AttributeChange {
    public Append {
      ObjectValue.checkName(name);
      Objects.requireNonNull(value, "value");
    }
  }
}
