package io.cdpkit.workflows.internal.render;

import io.cdpkit.core.InvalidInputException;
import io.cdpkit.workflows.spi.HttpRequestSpec;
import io.cdpkit.workflows.spi.IdempotencyKey;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The templates of an {@code http call} step: method, URL template, header templates, body
 * template, expected status and timeout, with the merge tags. URL values are percent-encoded for
 * their place, header values kept on one line, and body values JSON-string-escaped when the
 * {@code Content-Type} names JSON (otherwise kept as is). Immutable and thread-safe.
 *
 * @param expectedStatus the one status that means success, or {@code null} for any 2xx
 */
public record HttpStepTemplate(
    String method,
    String url,
    Map<String, String> headers,
    @Nullable String body,
    @Nullable Integer expectedStatus,
    Duration timeout,
    MergeTags tags) {

  private static final IdempotencyKey SAMPLE_KEY = IdempotencyKey.of("sample", "sample", 1);

  public HttpStepTemplate {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(url, "url");
    headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(tags, "tags");
  }

  /** Every problem with this step, empty when it can render. */
  public List<TemplateProblem> validate() {
    List<TemplateProblem> problems = new ArrayList<>();
    UrlTemplate urlTemplate = UrlTemplate.tryParse("url", url, problems);
    if (urlTemplate != null) {
      problems.addAll(urlTemplate.template().unknownTags("url", tags));
    }
    for (Map.Entry<String, String> header : headers.entrySet()) {
      StepChecks.template("headers." + header.getKey(), header.getValue(), tags, problems);
    }
    if (body != null) {
      StepChecks.template("body", body, tags, problems);
    }
    check(problems, sample -> sample.method(method));
    for (String name : headers.keySet()) {
      check(problems, sample -> sample.header(name, "sample"));
    }
    if (HttpRequestSpec.METHODS.contains(method)) {
      check(problems, sample -> sample.method(method).body(body));
    }
    check(problems, sample -> sample.timeout(timeout));
    check(problems, sample -> sample.expectedStatus(expectedStatus));
    return problems;
  }

  /** Builds a sample request with one setting applied, adding the rule it breaks, if any. */
  private static void check(List<TemplateProblem> problems, Consumer<HttpRequestSpec.Builder> setting) {
    HttpRequestSpec.Builder sample =
        HttpRequestSpec.builder()
            .uri(URI.create("https://sample.example/"))
            .idempotencyKey(SAMPLE_KEY);
    setting.accept(sample);
    try {
      sample.build();
    } catch (InvalidInputException e) {
      problems.add(new TemplateProblem(e.field(), e.rule() + " (was '" + e.value() + "')"));
    }
  }

  /**
   * Renders the call for one profile.
   *
   * @throws RenderException when the step has problems
   */
  public HttpRequestSpec render(RenderContext context, IdempotencyKey key) {
    StepChecks.throwIfAny(validate());
    HttpRequestSpec.Builder request =
        HttpRequestSpec.builder()
            .method(method)
            .uri(UrlTemplate.parse("url", url).render(tags, context))
            .timeout(timeout)
            .expectedStatus(expectedStatus)
            .idempotencyKey(key);
    boolean json = false;
    for (Map.Entry<String, String> header : headers.entrySet()) {
      String value =
          Template.parse("headers." + header.getKey(), header.getValue())
              .render(tags, context, Escaping.HEADER);
      request.header(header.getKey(), value);
      json |=
          header.getKey().equalsIgnoreCase("Content-Type")
              && value.toLowerCase(Locale.ROOT).contains("json");
    }
    if (body != null) {
      request.body(
          Template.parse("body", body)
              .render(tags, context, json ? Escaping.JSON_STRING : Escaping.TEXT));
    }
    return request.build();
  }
}
