package io.cdpkit.segments;

import io.cdpkit.core.profile.Profile;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * Supplies {@code $computed.NAME}: a number kept from the profile's events, such as {@code
 * lifetime_value}. Must be thread-safe when evaluations run on several threads.
 */
@FunctionalInterface
public interface ComputedAttributes {

  /** The attribute's value for the profile, or empty when it is undefined for that profile. */
  Optional<BigDecimal> value(Profile profile, String name);

  /** No computed attributes: every {@code $computed.NAME} is missing. */
  static ComputedAttributes none() {
    return (profile, name) -> Optional.empty();
  }
}
