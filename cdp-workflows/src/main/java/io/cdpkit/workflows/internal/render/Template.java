package io.cdpkit.workflows.internal.render;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A text with {@code {{tag}}} placeholders (spaces inside the braces allowed), parsed once and
 * rendered many times. Immutable and thread-safe.
 *
 * <pre>{@code
 * Template subject = Template.parse("subject", "See you in {{ city }}, {{first_name}}!");
 * subject.render(tags, context, Escaping.TEXT);
 * }</pre>
 */
public final class Template {
  private static final Pattern TAG_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");

  /** A literal run of text or a placeholder; {@code tag} is null for literals. */
  record Part(String text, @Nullable String tag) {}

  private final String source;
  private final List<Part> parts;

  private Template(String source, List<Part> parts) {
    this.source = source;
    this.parts = List.copyOf(parts);
  }

  static boolean isTagName(String name) {
    return TAG_NAME.matcher(name).matches();
  }

  /**
   * Parses a template.
   *
   * @param where the part of the step it belongs to, for problems
   * @throws RenderException listing every syntax problem
   */
  public static Template parse(String where, String source) {
    List<TemplateProblem> problems = new ArrayList<>();
    Template template = tryParse(where, source, problems);
    if (template == null) {
      throw new RenderException(problems);
    }
    return template;
  }

  /** Parses a template, adding syntax problems to {@code problems}; null when there were any. */
  static @Nullable Template tryParse(String where, String source, List<TemplateProblem> problems) {
    Objects.requireNonNull(source, where);
    List<Part> parts = new ArrayList<>();
    int before = problems.size();
    int at = 0;
    while (at < source.length()) {
      int open = source.indexOf("{{", at);
      if (open < 0) {
        parts.add(new Part(source.substring(at), null));
        break;
      }
      if (open > at) {
        parts.add(new Part(source.substring(at, open), null));
      }
      int close = source.indexOf("}}", open + 2);
      if (close < 0) {
        problems.add(new TemplateProblem(where, "'{{' at index " + open + " is never closed with '}}'"));
        break;
      }
      String name = source.substring(open + 2, close).strip();
      if (!isTagName(name)) {
        problems.add(
            new TemplateProblem(
                where,
                "'{{" + source.substring(open + 2, close) + "}}' at index " + open
                    + " is not a merge tag name (a letter or _ then letters, digits, _ . -)"));
      }
      parts.add(new Part(source.substring(open, close + 2), name));
      at = close + 2;
    }
    return problems.size() == before ? new Template(source, parts) : null;
  }

  /** The text this template was parsed from. */
  public String source() {
    return source;
  }

  /** The tag names used, in order of first use. */
  public Set<String> tagNames() {
    Set<String> names = new LinkedHashSet<>();
    for (Part part : parts) {
      if (part.tag() != null) {
        names.add(part.tag());
      }
    }
    return names;
  }

  List<Part> parts() {
    return parts;
  }

  /** Problems for every tag used here that {@code tags} does not define. */
  public List<TemplateProblem> unknownTags(String where, MergeTags tags) {
    List<TemplateProblem> problems = new ArrayList<>();
    for (String name : tagNames()) {
      if (tags.find(name).isEmpty()) {
        problems.add(
            new TemplateProblem(
                where,
                "unknown merge tag '" + name + "'; defined tags: "
                    + (tags.names().isEmpty() ? "none" : String.join(", ", tags.names()))));
      }
    }
    return problems;
  }

  /**
   * Renders with each tag's value (or default) escaped as asked; literal text is kept as is.
   *
   * @throws RenderException when a tag is not defined in {@code tags}
   */
  public String render(MergeTags tags, RenderContext context, Escaping escaping) {
    List<TemplateProblem> unknown = unknownTags("template", tags);
    if (!unknown.isEmpty()) {
      throw new RenderException(unknown);
    }
    StringBuilder out = new StringBuilder(source.length() + 32);
    for (Part part : parts) {
      String tag = part.tag();
      if (tag == null) {
        out.append(part.text());
      } else {
        out.append(escaping.apply(tags.find(tag).orElseThrow().valueFor(context)));
      }
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return source;
  }
}
