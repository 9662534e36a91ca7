package io.cdpkit.segments;

import io.cdpkit.core.profile.Profile;
import java.math.BigDecimal;
import java.util.Optional;
import java.util.Set;

/**
 * Supplies {@code $computed.NAME}: a number kept from the profile's events, such as {@code
 * lifetime_value}. Must be thread-safe when evaluations run on several threads.
 */
@FunctionalInterface
public interface ComputedAttributes {

  /** The attribute's value for the profile, or empty when it is undefined for that profile. */
  Optional<BigDecimal> value(Profile profile, String name);

  /**
   * The names of the defined attributes, when known: then validating a segment refuses a {@code
   * $computed.NAME} outside them, with its position. Empty by default: any name is accepted and
   * an undefined one reads as missing.
   */
  default Optional<Set<String>> knownNames() {
    return Optional.empty();
  }

  /** No computed attributes: every {@code $computed.NAME} is missing. */
  static ComputedAttributes none() {
    return (profile, name) -> Optional.empty();
  }

  /** No computed attributes are defined: validation refuses every {@code $computed.NAME}. */
  static ComputedAttributes noneDefined() {
    return new ComputedAttributes() {
      @Override
      public Optional<BigDecimal> value(Profile profile, String name) {
        return Optional.empty();
      }

      @Override
      public Optional<Set<String>> knownNames() {
        return Optional.of(Set.of());
      }
    };
  }
}
