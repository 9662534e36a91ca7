package io.cdpkit.segments;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * What validation may check names against: saved segments, static groups, computed attributes,
 * and the name the expression is being saved as (to refuse self reference). Each part is optional;
 * a part left out is not checked. Immutable and thread-safe when its lookups are.
 *
 * <pre>{@code
 * ValidationContext context = ValidationContext.builder()
 *     .segments(SegmentDefinitions.of(savedSegments))
 *     .groups(Set.of("staff", "beta_testers"))
 *     .computedAttributes(Set.of("lifetime_value"))
 *     .savingAs("big_spenders")
 *     .build();
 * }</pre>
 */
public final class ValidationContext {
  private static final ValidationContext STRUCTURAL = new Builder().build();

  private final @Nullable SegmentDefinitions segments;
  private final @Nullable Predicate<String> groups;
  private final @Nullable Set<String> computedAttributes;
  private final @Nullable String savingAs;

  private ValidationContext(Builder builder) {
    this.segments = builder.segments;
    this.groups = builder.groups;
    this.computedAttributes = builder.computedAttributes;
    this.savingAs = builder.savingAs;
  }

  /** Checks only what needs no names: patterns, bounds, counts, numbers, where conditions stand. */
  public static ValidationContext structural() {
    return STRUCTURAL;
  }

  /** A builder with nothing set. */
  public static Builder builder() {
    return new Builder();
  }

  /** The segment lookup, if names of segments are checked. */
  public Optional<SegmentDefinitions> segments() {
    return Optional.ofNullable(segments);
  }

  /** Whether a group exists, if names of groups are checked. */
  public Optional<Predicate<String>> groups() {
    return Optional.ofNullable(groups);
  }

  /** The known computed attribute names, if {@code $computed.NAME} is checked. */
  public Optional<Set<String>> computedAttributes() {
    return Optional.ofNullable(computedAttributes);
  }

  /** The name the expression is being saved as, if self reference is checked. */
  public Optional<String> savingAs() {
    return Optional.ofNullable(savingAs);
  }

  /** Builds a {@link ValidationContext}; one thread at a time. */
  public static final class Builder {
    private @Nullable SegmentDefinitions segments;
    private @Nullable Predicate<String> groups;
    private @Nullable Set<String> computedAttributes;
    private @Nullable String savingAs;

    private Builder() {}

    /**
     * Checks {@code in segment} names and cycles against this lookup.
     *
     * @throws IllegalStateException when already set
     */
    public Builder segments(SegmentDefinitions lookup) {
      Objects.requireNonNull(lookup, "lookup");
      if (segments != null) {
        throw new IllegalStateException("segments was already set to " + segments);
      }
      segments = lookup;
      return this;
    }

    /**
     * Checks {@code in group} names with this predicate (true when the group exists).
     *
     * @throws IllegalStateException when already set
     */
    public Builder groups(Predicate<String> exists) {
      Objects.requireNonNull(exists, "exists");
      if (groups != null) {
        throw new IllegalStateException("groups was already set to " + groups);
      }
      groups = exists;
      return this;
    }

    /**
     * Checks {@code in group} names against this set (copied).
     *
     * @throws IllegalStateException when already set
     */
    public Builder groups(Set<String> names) {
      Set<String> copy = Set.copyOf(names);
      return groups(copy::contains);
    }

    /**
     * Checks {@code $computed.NAME} against these names (copied).
     *
     * @throws IllegalStateException when already set
     */
    public Builder computedAttributes(Set<String> names) {
      Set<String> copy = Set.copyOf(names);
      if (computedAttributes != null) {
        throw new IllegalStateException(
            "computedAttributes was already set to " + computedAttributes);
      }
      computedAttributes = copy;
      return this;
    }

    /**
     * The name the expression will be saved as: referring to it, directly or through other
     * segments, is a {@link Problem.Kind#SEGMENT_CYCLE}.
     *
     * @throws IllegalStateException when already set
     */
    public Builder savingAs(String name) {
      Objects.requireNonNull(name, "name");
      if (savingAs != null) {
        throw new IllegalStateException("savingAs was already set to " + savingAs);
      }
      savingAs = name;
      return this;
    }

    /** The context. */
    public ValidationContext build() {
      return new ValidationContext(this);
    }
  }
}
