package io.cdpkit.examples.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.cdpkit.core.consent.ConsentChange;
import io.cdpkit.core.identity.Identifier;
import io.cdpkit.core.profile.ConsentStatus;
import io.cdpkit.platform.CdpPlatform;
import jakarta.mail.internet.MimeMessage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The shop starts with two properties (its SMTP server), takes events, segments and sends. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
final class SampleApplicationTest {
  @RegisterExtension
  static final GreenMailExtension smtp =
      new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort()).withPerMethodLifecycle(false);

  @DynamicPropertySource
  static void mailServer(DynamicPropertyRegistry properties) {
    properties.add("spring.mail.host", () -> "localhost");
    properties.add("spring.mail.port", () -> smtp.getSmtp().getPort());
  }

  @Autowired
  TestRestTemplate http;

  @Autowired
  CdpPlatform platform;

  private ResponseEntity<Map<String, Object>> post(String path, String json) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    headers.setBasicAuth("sample-write-key", "");
    return http.exchange(path, HttpMethod.POST, new HttpEntity<>(json, headers),
        new ParameterizedTypeReference<Map<String, Object>>() {});
  }

  @Test
  void anOrderOverTheTrackingEndpoint_segmentsTheBuyerAndSendsTheThankYou() throws Exception {
    assertThat(post("/v1/identify",
        "{\"userId\": \"u-1\", \"traits\": {\"email\": \"ann@example.com\", \"first_name\": \"Ann\"}}")
        .getStatusCode()).isEqualTo(HttpStatus.OK);
    String ann = platform.cdp().findProfile(Identifier.email("ann@example.com")).orElseThrow().id();
    platform.cdp().recordConsent(ann,
        ConsentChange.of("email", ConsentStatus.GRANTED, platform.cdp().clock().instant(), "signup"));

    assertThat(post("/v1/track", "{\"userId\": \"u-1\", \"event\": \"Order Completed\", \"properties\": {\"total\": 30}}")
        .getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(platform.segments().isMember("buyers", ann)).isTrue();

    platform.runDue(platform.cdp().clock().instant());
    MimeMessage[] received = smtp.getReceivedMessages();
    assertThat(received).hasSize(1);
    assertThat(received[0].getSubject()).isEqualTo("Thank you, Ann");
    assertThat(received[0].getAllRecipients()[0].toString()).isEqualTo("ann@example.com");

    assertThat(metric("cdp.events.ingested")).isEqualTo(2.0);
    assertThat(metric("cdp.sends?tag=channel:email&tag=outcome:delivered")).isEqualTo(1.0);
    assertThat(metric("cdp.segments.transitions?tag=kind:entered")).isEqualTo(1.0);
  }

  @Test
  void health_reportsTheStoreAndTheScheduler() {
    ResponseEntity<Map<String, Object>> health = http.exchange("/actuator/health/cdp",
        HttpMethod.GET, null,
        new ParameterizedTypeReference<Map<String, Object>>() {});
    assertThat(health.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(health.getBody()).containsEntry("status", "UP");
    @SuppressWarnings("unchecked")
    Map<String, Object> details = (Map<String, Object>) health.getBody().get("details");
    assertThat(details).containsKeys("profiles", "failedEnrollments", "schedulerLag");
  }

  @Test
  void wrongWriteKey_isRefused() {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    headers.setBasicAuth("guess", "");
    assertThat(http.postForEntity("/v1/track", new HttpEntity<>("{\"userId\": \"u\", \"event\": \"x\"}", headers),
        String.class).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
  }

  @SuppressWarnings("unchecked")
  private double metric(String nameAndTags) {
    Map<String, Object> body = http.getForObject("/actuator/metrics/" + nameAndTags, Map.class);
    Map<String, Object> first = ((List<Map<String, Object>>) body.get("measurements")).get(0);
    return ((Number) first.get("value")).doubleValue();
  }
}
