package io.cdpkit.segments;

import io.cdpkit.core.profile.Profile;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

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

  /**
   * The moving window of an attribute kept from the events of a type in the last {@code length}
   * (such as orders in the last 7 days), when it has one: its value changes when time alone moves
   * one of those events out, so saved segments that read it are checked again then. Empty by
   * default, and for attributes over all time.
   */
  default Optional<MovingWindow> movingWindow(String name) {
    return Optional.empty();
  }

  /**
   * A computed attribute's window: events of {@code eventType} (any type when null) count while
   * their timestamp is in {@code (now - length, now]}.
   */
  record MovingWindow(@Nullable String eventType, Duration length) {
    public MovingWindow {
      Objects.requireNonNull(length, "length");
    }
  }

  /** No computed attributes: every {@code $computed.NAME} is missing. */
  static ComputedAttributes none() {
    return (profile, name) -> Optional.empty();
  }

  /**
   * The attributes of several sources, such as stored definitions and predictions: a name is
   * answered by the first source that knows it ({@link #knownNames()}), or by the first that does
   * not say which names it knows. The known names are all the sources' together, when each says.
   */
  static ComputedAttributes firstKnowing(List<? extends ComputedAttributes> sources) {
    List<ComputedAttributes> all = List.copyOf(sources);
    return new ComputedAttributes() {
      @Override
      public Optional<BigDecimal> value(Profile profile, String name) {
        return answering(name).map(source -> source.value(profile, name)).orElse(Optional.empty());
      }

      @Override
      public Optional<Set<String>> knownNames() {
        Set<String> names = new TreeSet<>();
        for (ComputedAttributes source : all) {
          Optional<Set<String>> known = source.knownNames();
          if (known.isEmpty()) {
            return Optional.empty();
          }
          names.addAll(known.get());
        }
        return Optional.of(Collections.unmodifiableSet(names));
      }

      @Override
      public Optional<MovingWindow> movingWindow(String name) {
        return answering(name).flatMap(source -> source.movingWindow(name));
      }

      private Optional<ComputedAttributes> answering(String name) {
        return all.stream()
            .filter(source -> source.knownNames().map(names -> names.contains(name)).orElse(true))
            .findFirst();
      }
    };
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
