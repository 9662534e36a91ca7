package io.cdpkit.workflows.internal.render;

import io.cdpkit.core.InvalidInputException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Checks shared by the step templates. */
final class StepChecks {
  private StepChecks() {}

  /** Parses a source, adding a problem when it is missing or malformed; null then. */
  static @Nullable TagSource source(String where, @Nullable String text, List<TemplateProblem> problems) {
    if (text == null || text.isBlank()) {
      problems.add(new TemplateProblem(where, "is missing: name the profile property that holds it"));
      return null;
    }
    try {
      return TagSource.parse(text);
    } catch (InvalidInputException e) {
      problems.add(new TemplateProblem(where, e.rule() + " (was '" + text + "')"));
      return null;
    }
  }

  /** Parses a template and checks its tags; null when it has problems. */
  static @Nullable Template template(
      String where, String source, MergeTags tags, List<TemplateProblem> problems) {
    Template template = Template.tryParse(where, source, problems);
    if (template != null) {
      problems.addAll(template.unknownTags(where, tags));
    }
    return template;
  }

  /** The value of a recipient source, or a render failure naming where it was looked for. */
  static String recipient(String where, TagSource source, RenderContext context) {
    return source
        .resolve(context)
        .orElseThrow(
            () ->
                new RenderException(
                    List.of(
                        new TemplateProblem(
                            where, "the profile has no value at '" + source.text() + "'"))));
  }

  static void throwIfAny(List<TemplateProblem> problems) {
    if (!problems.isEmpty()) {
      throw new RenderException(problems);
    }
  }
}
