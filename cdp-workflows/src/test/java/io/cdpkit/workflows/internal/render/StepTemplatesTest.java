package io.cdpkit.workflows.internal.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdpkit.workflows.spi.ChannelMessage;
import io.cdpkit.workflows.spi.EmailMessage;
import io.cdpkit.workflows.spi.HttpRequestSpec;
import io.cdpkit.workflows.spi.IdempotencyKey;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class StepTemplatesTest {
  private static final IdempotencyKey KEY = IdempotencyKey.of("enr-1", "step-1", 1);
  private static final MergeTags TAGS =
      MergeTags.builder()
          .tag("first_name", "first_name", "")
          .tag("festival", "event.festival", "the festival")
          .build();
  private static final RenderContext CONTEXT =
      RenderContext.of(
          Fixtures.profile(Map.of("first_name", "Ann <3", "work_email", "ann@work.example")),
          Fixtures.event(Map.of("festival", "Rock \"am\" Ring")));

  @Test
  void email_rendersEachPartWithItsEscaping() {
    EmailStepTemplate step =
        new EmailStepTemplate(
            "$identifier.email",
            "{{festival}} starts soon, {{first_name}}",
            "<p>Hi {{first_name}}</p>",
            "Hi {{first_name}}",
            TAGS);
    assertThat(step.validate()).isEmpty();
    EmailMessage email = step.render(CONTEXT, KEY, "news@festival.example");
    assertThat(email.to()).isEqualTo("ann@example.com");
    assertThat(email.from()).isEqualTo("news@festival.example");
    assertThat(email.subject()).isEqualTo("Rock \"am\" Ring starts soon, Ann <3");
    assertThat(email.htmlBody()).isEqualTo("<p>Hi Ann &lt;3</p>");
    assertThat(email.textBody()).isEqualTo("Hi Ann <3");
    assertThat(email.idempotencyKey()).isEqualTo(KEY);
  }

  @Test
  void email_addressFromAnAttribute() {
    EmailStepTemplate step = new EmailStepTemplate("work_email", "Hi", null, "Hi", TAGS);
    assertThat(step.render(CONTEXT, KEY, null).to()).isEqualTo("ann@work.example");
  }

  @Test
  void email_validate_returnsEveryProblem() {
    EmailStepTemplate step = new EmailStepTemplate(" ", "Hi {{nickname}}", null, null, TAGS);
    assertThat(step.validate())
        .extracting(TemplateProblem::where)
        .containsExactly("address", "subject", "body");
    assertThat(step.validate().get(0).message()).contains("profile property");
    assertThat(step.validate().get(1).message()).contains("'nickname'");
    assertThatThrownBy(() -> step.render(CONTEXT, KEY, null))
        .isInstanceOfSatisfying(RenderException.class, e -> assertThat(e.problems()).hasSize(3));
  }

  @Test
  void email_profileWithoutAddress_failsNamingTheSource() {
    EmailStepTemplate step = new EmailStepTemplate("private_email", "Hi", null, "Hi", TAGS);
    assertThatThrownBy(() -> step.render(CONTEXT, KEY, null))
        .isInstanceOf(RenderException.class)
        .hasMessage("address: the profile has no value at 'private_email'");
  }

  @Test
  void message_rendersTextAndParams() {
    MessageStepTemplate step =
        new MessageStepTemplate(
            "sms", "reminder", "$identifier.phone", "{{festival}} opens in 1 hour, {{first_name}}!", TAGS);
    assertThat(step.validate()).isEmpty();
    ChannelMessage sms = step.render(CONTEXT, KEY);
    assertThat(sms.to()).isEqualTo("+4915112345678");
    assertThat(sms.text()).isEqualTo("Rock \"am\" Ring opens in 1 hour, Ann <3!");
    assertThat(sms.params())
        .containsExactly(Map.entry("first_name", "Ann <3"), Map.entry("festival", "Rock \"am\" Ring"));
  }

  @Test
  void message_validate_returnsEveryProblem() {
    MessageStepTemplate step = new MessageStepTemplate("SMS", " ", "", "{{oops", TAGS);
    assertThat(step.validate())
        .extracting(TemplateProblem::where)
        .containsExactly("channel", "templateId", "recipient", "text");
  }

  @Test
  void http_rendersUrlHeadersAndJsonBody() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    headers.put("X-Name", "{{first_name}}");
    HttpStepTemplate step =
        new HttpStepTemplate(
            "POST",
            "https://crm.example.com/contacts/{{first_name}}?festival={{festival}}",
            headers,
            "{\"name\":\"{{first_name}}\",\"festival\":\"{{festival}}\"}",
            201,
            Duration.ofSeconds(3),
            TAGS);
    assertThat(step.validate()).isEmpty();
    HttpRequestSpec spec = step.render(CONTEXT, KEY);
    assertThat(spec.uri())
        .isEqualTo(URI.create("https://crm.example.com/contacts/Ann%20%3C3?festival=Rock%20%22am%22%20Ring"));
    assertThat(spec.headers()).containsEntry("X-Name", "Ann <3");
    assertThat(spec.body()).isEqualTo("{\"name\":\"Ann <3\",\"festival\":\"Rock \\\"am\\\" Ring\"}");
    assertThat(spec.expectedStatus()).isEqualTo(201);
    assertThat(spec.timeout()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void http_plainBody_keepsValuesAsIs() {
    HttpStepTemplate step =
        new HttpStepTemplate(
            "PUT", "https://crm.example.com/x", Map.of(), "name={{festival}}", null, Duration.ofSeconds(1), TAGS);
    assertThat(step.render(CONTEXT, KEY).body()).isEqualTo("name=Rock \"am\" Ring");
  }

  @Test
  void http_validate_returnsEveryProblem() {
    HttpStepTemplate step =
        new HttpStepTemplate(
            "GET",
            "https://{{first_name}}.example.com/{{missing}}",
            Map.of("Host", "x", "X-A", "{{unknown}}"),
            "body",
            null,
            Duration.ofSeconds(1),
            TAGS);
    assertThat(step.validate())
        .extracting(TemplateProblem::toString)
        .anyMatch(p -> p.startsWith("url: merge tag 'first_name' may not appear"))
        .anyMatch(p -> p.startsWith("headers.X-A: unknown merge tag 'unknown'"))
        .anyMatch(p -> p.startsWith("header name: is set by the HTTP client"))
        .anyMatch(p -> p.startsWith("body: a GET request carries no body"));
    HttpStepTemplate malformed =
        new HttpStepTemplate("FETCH", "not a url {{first_name}}", Map.of(), null, 700, Duration.ofSeconds(1), TAGS);
    assertThat(malformed.validate())
        .extracting(TemplateProblem::where)
        .containsExactly("url", "url", "method", "expectedStatus");
  }
}
