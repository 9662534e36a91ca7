package io.cdpkit.workflows;

import java.util.Objects;

/**
 * One merge tag of a send step: its name in templates ({@code {{name}}}), where its value comes
 * from, and the default used when the value is missing (a blank default renders as a single
 * space, as the product guides say). Sources: a profile attribute ({@code first_name}, {@code
 * address.city}), a main identifier ({@code $identifier.email}) or a property of the triggering
 * event ({@code event.festival}). Immutable and thread-safe; checked when the workflow is saved.
 *
 * @param name the tag name used in templates
 * @param source where the value is read
 * @param defaultValue the value when the source has none
 */
public record MergeTag(String name, String source, String defaultValue) {
  public MergeTag {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(defaultValue, "defaultValue");
  }

  /** Same as the constructor. */
  public static MergeTag of(String name, String source, String defaultValue) {
    return new MergeTag(name, source, defaultValue);
  }
}
