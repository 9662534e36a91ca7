package io.cdpkit.workflows.internal.render;

import io.cdpkit.core.InvalidInputException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The merge tags a send step defines, by name, in order. Immutable and thread-safe.
 *
 * <pre>{@code
 * MergeTags tags = MergeTags.builder()
 *     .tag("first_name", "first_name", "there")
 *     .tag("city", "address.city", "")          // blank default: renders " "
 *     .tag("festival", "event.festival", "the festival")
 *     .build();
 * }</pre>
 */
public final class MergeTags {
  private static final MergeTags NONE = new MergeTags(Map.of());

  private final Map<String, CompiledTag> tags;

  private MergeTags(Map<String, CompiledTag> tags) {
    this.tags = tags;
  }

  public static MergeTags none() {
    return NONE;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Optional<CompiledTag> find(String name) {
    return Optional.ofNullable(tags.get(name));
  }

  /** The tag names, in the order they were defined. */
  public Set<String> names() {
    return tags.keySet();
  }

  /** Every tag's value (or default) for this context, by name, in order. */
  public Map<String, String> values(RenderContext context) {
    Map<String, String> values = new LinkedHashMap<>();
    for (CompiledTag tag : tags.values()) {
      values.put(tag.name(), tag.valueFor(context));
    }
    return Collections.unmodifiableMap(values);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof MergeTags that && that.tags.equals(tags);
  }

  @Override
  public int hashCode() {
    return tags.hashCode();
  }

  @Override
  public String toString() {
    return tags.values().toString();
  }

  /** Builds {@link MergeTags}. Not thread-safe. */
  public static final class Builder {
    private final Map<String, CompiledTag> tags = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Adds a tag reading {@code source} (see {@link TagSource}).
     *
     * @throws InvalidInputException for a bad name or source
     * @throws IllegalStateException when the name was already added
     */
    public Builder tag(String name, String source, String defaultValue) {
      return tag(new CompiledTag(name, TagSource.parse(source), defaultValue));
    }

    /**
     * @throws IllegalStateException when the name was already added
     */
    public Builder tag(CompiledTag tag) {
      Objects.requireNonNull(tag, "tag");
      CompiledTag previous = tags.putIfAbsent(tag.name(), tag);
      if (previous != null) {
        throw new IllegalStateException(
            "merge tag " + tag.name() + " was already defined as " + previous.source().text());
      }
      return this;
    }

    public MergeTags build() {
      return new MergeTags(Collections.unmodifiableMap(new LinkedHashMap<>(tags)));
    }
  }
}
