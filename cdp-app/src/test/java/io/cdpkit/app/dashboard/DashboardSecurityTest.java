package io.cdpkit.app.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard as an attacker meets it, over raw HTTP on a real socket (so that {@code Host} and
 * {@code Origin} can be anything): DNS rebinding, cross-site requests, a missing or wrong token,
 * and attempts to read classpath files.
 */
class DashboardSecurityTest {
  @TempDir static Path directory;
  static DashboardFixture fixture;
  static int port;

  @BeforeAll
  static void start() {
    fixture = DashboardFixture.start(directory);
    port = URI.create(fixture.base).getPort();
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  /** One HTTP/1.1 exchange with exactly these header lines; answers status line, headers and body. */
  private static Response raw(String method, String path, List<String> headers, String body) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
      headers.forEach(line -> request.append(line).append("\r\n"));
      request.append("Content-Length: ").append(bytes.length).append("\r\nConnection: close\r\n\r\n");
      OutputStream out = socket.getOutputStream();
      out.write(request.toString().getBytes(StandardCharsets.US_ASCII));
      out.write(bytes);
      out.flush();
      InputStream in = socket.getInputStream();
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      int split = text.indexOf("\r\n\r\n");
      return new Response(text.substring(0, split), text.substring(split + 4));
    }
  }

  private static String localHost() {
    return "Host: 127.0.0.1:" + port;
  }

  private static String bearer() {
    return "Authorization: Bearer " + DashboardFixture.TOKEN;
  }

  private record Response(String head, String body) {
    int status() {
      return Integer.parseInt(head.substring(9, 12));
    }

    boolean hasHeader(String line) {
      return head.lines().anyMatch(h -> h.equalsIgnoreCase(line));
    }
  }

  @Test
  void withoutTheToken_nothingIsServed() throws IOException {
    for (String path : List.of("/", "/api/overview", "/api/profiles", "/static/app.js")) {
      Response response = raw("GET", path, List.of(localHost()), "");
      assertThat(response.status()).as(path).isEqualTo(401);
      assertThat(response.body()).contains("\"error\":\"unauthorized\"").doesNotContain(DashboardFixture.SCRIPT_EMAIL);
    }
    Response wrong = raw("GET", "/api/profiles", List.of(localHost(), "Authorization: Bearer not-the-token-at-all"), "");
    assertThat(wrong.status()).isEqualTo(401);
    Response wrongCookie = raw("GET", "/api/profiles", List.of(localHost(), "Cookie: cdp_dashboard=guess"), "");
    assertThat(wrongCookie.status()).isEqualTo(401);
  }

  @Test
  void aRebindedHostName_isRefusedEvenWithTheToken() throws IOException {
    Response response = raw("GET", "/api/profiles?q=" + DashboardFixture.SCRIPT_EMAIL,
        List.of("Host: attacker.example", bearer()), "");
    assertThat(response.status()).isEqualTo(403);
    assertThat(response.body()).contains("forbidden_host").doesNotContain(DashboardFixture.SCRIPT_EMAIL);
    assertThat(raw("GET", "/api/overview", List.of(bearer()), "").status()).as("no Host").isEqualTo(403);
  }

  @Test
  void theTokenInTheAddress_becomesAStrictHttpOnlyCookie_thatServesThePage() throws IOException {
    Response login = raw("GET", "/?token=" + DashboardFixture.TOKEN, List.of(localHost()), "");
    assertThat(login.status()).isEqualTo(303);
    assertThat(login.hasHeader("Location: /")).isTrue();
    assertThat(login.hasHeader("Set-Cookie: cdp_dashboard=" + DashboardFixture.TOKEN + "; Path=/; HttpOnly; SameSite=Strict"))
        .as(login.head()).isTrue();
    Response page = raw("GET", "/", List.of(localHost(), "Cookie: cdp_dashboard=" + DashboardFixture.TOKEN), "");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.hasHeader("X-Frame-Options: DENY")).isTrue();
    assertThat(page.head()).contains("frame-ancestors 'none'");
    assertThat(raw("GET", "/?token=wrong-token-wrong-token", List.of(localHost()), "").status()).isEqualTo(401);
  }

  @Test
  void crossSiteChanges_areRefused_andChangeNothing() throws IOException {
    int before = fixture.charts.list().size();
    String chart = "{\"title\":\"x\",\"kind\":\"bar\",\"source\":\"events_over_time\",\"series\":[{\"name\":\"a\"}]}";
    String cookie = "Cookie: cdp_dashboard=" + DashboardFixture.TOKEN;
    // A form or no-cors fetch from another site: the browser adds the cookie and its own Origin.
    Response crossOrigin = raw("POST", "/api/charts",
        List.of(localHost(), cookie, "Origin: http://attacker.example", "Content-Type: text/plain"), chart);
    assertThat(crossOrigin.status()).isEqualTo(403);
    assertThat(crossOrigin.body()).contains("forbidden_origin");
    Response cookieOnly = raw("POST", "/api/charts", List.of(localHost(), cookie, "Content-Type: application/json"), chart);
    assertThat(cookieOnly.status()).isEqualTo(403);
    assertThat(cookieOnly.body()).contains("token_header_required");
    Response plainText = raw("POST", "/api/charts", List.of(localHost(), bearer(), "Content-Type: text/plain"), chart);
    assertThat(plainText.status()).isEqualTo(415);
    assertThat(plainText.body()).contains("json_required");
    Response otherPort = raw("POST", "/api/charts", List.of(localHost(), bearer(),
        "Origin: http://127.0.0.1:" + (port + 1), "Content-Type: application/json"), chart);
    assertThat(otherPort.status()).as("another origin on the same host").isEqualTo(403);
    Response delete = raw("DELETE", "/api/charts/drinks", List.of(localHost(), cookie), "");
    assertThat(delete.status()).isEqualTo(403);
    assertThat(fixture.charts.list()).hasSize(before);

    Response sameOrigin = raw("POST", "/api/charts", List.of(localHost(), bearer(),
        "Origin: http://127.0.0.1:" + port, "Content-Type: application/json; charset=utf-8"), chart);
    assertThat(sameOrigin.status()).as(sameOrigin.body()).isEqualTo(201);
    assertThat(fixture.charts.list()).hasSize(before + 1);
  }

  @Test
  void onlyThePagesOwnFilesAndChartJs_areServedFromTheClasspath() throws IOException {
    List<String> probes = List.of(
        "/static/DashboardServer.class",
        "/static/..%2FDashboardServer.class",
        "/static/../DashboardServer.class",
        "/webjars/chart.js/../../io/cdpkit/app/dashboard/DashboardServer.class",
        "/webjars/chart.js/%2E%2E/%2E%2E/io/cdpkit/app/dashboard/DashboardServer.class",
        "/webjars/org/slf4j/Logger.class",
        "/webjars/chart.js/4.5.1/package.json");
    for (String path : probes) {
      Response response = raw("GET", path, List.of(localHost(), bearer()), "");
      assertThat(response.status()).as(path).isEqualTo(404);
      assertThat(response.body()).as(path).doesNotContain("\u00ca\u00fe\u00ba\u00be").startsWith("{");
    }
    assertThat(raw("GET", "/static/app.js", List.of(localHost(), bearer()), "").status()).isEqualTo(200);
  }

  @Test
  void weakTokensAndHostsWithPorts_areRefusedAtConfiguration() {
    assertThatThrownBy(() -> DashboardAccess.withToken("short"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 16");
    assertThatThrownBy(() -> DashboardAccess.withToken("with space 0123456789"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DashboardAccess.generated().allowingHosts(List.of("cdp.example.com:443")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("without port");
    assertThat(DashboardAccess.generated().token()).hasSizeGreaterThanOrEqualTo(43);
    assertThat(DashboardAccess.generated().allowingHosts(List.of("CDP.example.com")).hosts()).contains("cdp.example.com");
  }

  @Test
  void everyNewStateChangingEndpoint_needsTheTokenHeaderAndJson() throws IOException {
    String someone = fixture.cdp.findProfile(io.cdpkit.core.identity.Identifier.email(DashboardFixture.SCRIPT_EMAIL))
        .orElseThrow().id();
    String cookie = "Cookie: cdp_dashboard=" + DashboardFixture.TOKEN;
    List<String[]> changes = List.of(
        new String[] {"POST", "/api/segments", "{\"name\":\"planted\",\"expression\":\"everyone\"}"},
        new String[] {"POST", "/api/segments/compose", "{\"groups\":[]}"},
        new String[] {"DELETE", "/api/segments/x", ""},
        new String[] {"POST", "/api/groups", "{\"name\":\"planted\",\"filter\":\"everyone\"}"},
        new String[] {"POST", "/api/workflows", "{\"name\":\"planted\"}"},
        new String[] {"POST", "/api/profiles/" + someone + "/consent", "{\"channel\":\"email\",\"status\":\"granted\"}"},
        new String[] {"POST", "/api/profiles/" + someone + "/merge", "{\"with\":\"x\"}"},
        new String[] {"POST", "/api/charts/examples", ""});
    for (String[] change : changes) {
      Response cookieOnly = raw(change[0], change[1], List.of(localHost(), cookie, "Content-Type: application/json"), change[2]);
      assertThat(cookieOnly.status()).as(change[1]).isEqualTo(403);
      Response plainText = raw(change[0], change[1], List.of(localHost(), bearer(), "Content-Type: text/plain"), change[2]);
      assertThat(plainText.status()).as(change[1]).isEqualTo(415);
    }
    assertThat(fixture.segments.find("planted")).isEmpty();
    assertThat(fixture.segments.groups()).noneMatch(group -> group.name().equals("planted"));
    assertThat(fixture.cdp.getProfile(someone).consents()).isEmpty();
  }
}
