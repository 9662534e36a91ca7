package io.cdpkit.workflows.internal.render;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A URL with merge tags, such as {@code https://api.example.com/users/{{user_id}}?city={{city}}}.
 * Values placed in the path are encoded as one path segment, values in the query or fragment as
 * a query value (see {@link Escaping}), so no value can add a segment, a parameter or a fragment.
 * Tags may not appear in the scheme or host: the allow-list checks hosts, and a host must not
 * depend on profile data. Immutable and thread-safe.
 */
public final class UrlTemplate {
  private enum Region {
    AUTHORITY,
    PATH,
    QUERY
  }

  private final Template template;
  private final List<Escaping> escapings;

  private UrlTemplate(Template template, List<Escaping> escapings) {
    this.template = template;
    this.escapings = List.copyOf(escapings);
  }

  /**
   * Parses a URL template.
   *
   * @throws RenderException listing every problem
   */
  public static UrlTemplate parse(String where, String source) {
    List<TemplateProblem> problems = new ArrayList<>();
    UrlTemplate template = tryParse(where, source, problems);
    if (template == null) {
      throw new RenderException(problems);
    }
    return template;
  }

  /** Parses, adding problems to {@code problems}; null when there were any. */
  static @Nullable UrlTemplate tryParse(String where, String source, List<TemplateProblem> problems) {
    Objects.requireNonNull(source, where);
    int before = problems.size();
    Template template = Template.tryParse(where, source, problems);
    if (template == null) {
      return null;
    }
    List<Escaping> escapings = new ArrayList<>();
    StringBuilder sample = new StringBuilder();
    Region region = Region.AUTHORITY;
    int slashesAfterScheme = -1;
    for (Template.Part part : template.parts()) {
      if (part.tag() != null) {
        if (region == Region.AUTHORITY) {
          problems.add(
              new TemplateProblem(
                  where,
                  "merge tag '" + part.tag() + "' may not appear in the scheme or host of a URL"));
        }
        escapings.add(region == Region.QUERY ? Escaping.QUERY_VALUE : Escaping.PATH_SEGMENT);
        sample.append('x');
        continue;
      }
      for (int i = 0; i < part.text().length(); i++) {
        char c = part.text().charAt(i);
        sample.append(c);
        if (region == Region.AUTHORITY) {
          int schemeEnd = sample.indexOf("://");
          if (schemeEnd >= 0 && slashesAfterScheme < 0) {
            slashesAfterScheme = schemeEnd + 3;
          }
          if (slashesAfterScheme >= 0 && sample.length() > slashesAfterScheme) {
            if (c == '/') {
              region = Region.PATH;
            } else if (c == '?' || c == '#') {
              region = Region.QUERY;
            }
          }
        } else if (region == Region.PATH && (c == '?' || c == '#')) {
          region = Region.QUERY;
        }
      }
    }
    checkSample(where, sample.toString(), problems);
    return problems.size() == before ? new UrlTemplate(template, escapings) : null;
  }

  private static void checkSample(String where, String sample, List<TemplateProblem> problems) {
    try {
      URI uri = new URI(sample);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https"))) {
        problems.add(new TemplateProblem(where, "URL template must start with http:// or https://"));
      } else if (uri.getHost() == null) {
        problems.add(new TemplateProblem(where, "URL template must name a host"));
      }
    } catch (URISyntaxException e) {
      problems.add(new TemplateProblem(where, "malformed URL template: " + e.getMessage()));
    }
  }

  /** The text this template was parsed from. */
  public String source() {
    return template.source();
  }

  /** The template underneath, for its tag names. */
  public Template template() {
    return template;
  }

  /**
   * Renders the URL with each tag's value encoded for where it stands.
   *
   * @throws RenderException when a tag is not defined, or the result is not a valid URI
   */
  public URI render(MergeTags tags, RenderContext context) {
    List<TemplateProblem> unknown = template.unknownTags("url", tags);
    if (!unknown.isEmpty()) {
      throw new RenderException(unknown);
    }
    StringBuilder out = new StringBuilder();
    int tagIndex = 0;
    for (Template.Part part : template.parts()) {
      String tag = part.tag();
      if (tag == null) {
        out.append(part.text());
      } else {
        String value = tags.find(tag).orElseThrow().valueFor(context);
        out.append(escapings.get(tagIndex++).apply(value));
      }
    }
    try {
      return new URI(out.toString());
    } catch (URISyntaxException e) {
      throw new RenderException(
          List.of(
              new TemplateProblem(
                  "url",
                  "rendered URL is malformed: " + e.getReason() + " at index " + e.getIndex())));
    }
  }

  @Override
  public String toString() {
    return template.source();
  }
}
