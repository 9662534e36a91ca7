package io.cdpkit.workflows.internal.render;

import io.cdpkit.core.InvalidInputException;
import java.util.Objects;

/**
 * One merge tag: its name in templates ({@code {{name}}}), where its value comes from, and the
 * default used when the value is missing. A blank default renders as a single space, as the
 * product guides say, so that "Hello {{first_name}}," never collapses.
 */
public record CompiledTag(String name, TagSource source, String defaultValue) {
  /** What a blank default renders as. */
  public static final String BLANK_DEFAULT = " ";

  /**
   * @throws InvalidInputException for a name that is not a tag name
   */
  public CompiledTag {
    if (name == null || !Template.isTagName(name)) {
      throw new InvalidInputException(
          "merge tag name", name, "must be a letter or _ followed by letters, digits, _ . or -");
    }
    Objects.requireNonNull(source, "source");
    defaultValue = defaultValue == null || defaultValue.isBlank() ? BLANK_DEFAULT : defaultValue;
  }

  /** The value for this context, or the default. */
  public String valueFor(RenderContext context) {
    return source.resolve(context).orElse(defaultValue);
  }
}
