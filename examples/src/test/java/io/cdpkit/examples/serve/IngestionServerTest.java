package io.cdpkit.examples.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdpkit.core.Cdp;
import io.cdpkit.core.identity.Identifier;
import io.cdpkit.core.profile.AttributeValue;
import io.cdpkit.storage.sqlite.SqliteStorage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class IngestionServerTest {
  private static final String KEY = "wk-test-secret";

  @TempDir Path directory;
  private Cdp cdp;
  private IngestionServer server;
  private URI base;
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @BeforeEach
  void start() {
    cdp = Cdp.builder().storage(SqliteStorage.open(directory.resolve("cdp.db"))).build();
    server = IngestionServer.builder(cdp).writeKey(KEY).maxBodyBytes(4096)
        .corsOrigin("https://shop.example.com").build();
    InetSocketAddress bound = server.start(new InetSocketAddress("127.0.0.1", 0));
    base = URI.create("http://127.0.0.1:" + bound.getPort());
  }

  @AfterEach
  void stop() {
    server.stop();
    cdp.close();
  }

  private HttpResponse<String> post(String path, String body) throws Exception {
    return send(request(path).POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(base.resolve(path))
        .timeout(Duration.ofSeconds(5))
        .header("Content-Type", "application/json")
        .header("Authorization", basic(KEY));
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String basic(String key) {
    return "Basic " + Base64.getEncoder().encodeToString((key + ":").getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void eachMessageType_isStoredBeforeThe200() throws Exception {
    assertThat(post("/v1/identify", "{\"userId\":\"u1\",\"traits\":{\"email\":\"ann@example.com\",\"age\":25}}")
        .statusCode()).isEqualTo(200);
    assertThat(post("/v1/track", "{\"userId\":\"u1\",\"event\":\"Signed Up\"}").statusCode()).isEqualTo(200);
    assertThat(post("/v1/page", "{\"anonymousId\":\"a1\",\"name\":\"Home\"}").statusCode()).isEqualTo(200);
    assertThat(post("/v1/screen", "{\"anonymousId\":\"a1\",\"name\":\"Settings\"}").statusCode()).isEqualTo(200);
    assertThat(post("/v1/alias", "{\"previousId\":\"a1\",\"userId\":\"u1\"}").statusCode()).isEqualTo(200);
    HttpResponse<String> group = post("/v1/group", "{\"userId\":\"u1\",\"groupId\":\"acme\"}");
    assertThat(group.statusCode()).isEqualTo(200);
    assertThat(group.body()).isEqualTo("{\"success\":true,\"messages\":1,\"duplicates\":0}");
    assertThat(group.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("json"));

    var profile = cdp.findProfile(Identifier.email("ann@example.com")).orElseThrow();
    assertThat(profile.attribute("age")).contains(AttributeValue.of(25));
    assertThat(profile.attribute("group_id")).contains(AttributeValue.of("acme"));
    assertThat(profile.has(Identifier.of("anonymous_id", "a1"))).isTrue();
    assertThat(cdp.countEvents()).isEqualTo(6);
    assertThat(cdp.countProfiles()).isEqualTo(1);
  }

  @Test
  void batch_isStoredAndRedeliveryOfTheSameMessageIdsStoresNothingNew() throws Exception {
    String batch = """
        {"writeKey":"ignored","batch":[
          {"type":"identify","messageId":"b-1","userId":"u2","traits":{"plan":"pro"}},
          {"type":"track","messageId":"b-2","userId":"u2","event":"Order Completed","properties":{"total":9}}]}""";
    HttpResponse<String> first = post("/v1/batch", batch);
    HttpResponse<String> again = post("/v1/batch", batch);
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.body()).contains("\"messages\":2", "\"duplicates\":0");
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.body()).contains("\"duplicates\":2");
    assertThat(cdp.countEvents()).isEqualTo(2);
  }

  @Test
  void bearerKey_isAccepted() throws Exception {
    HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve("/v1/track"))
        .header("Authorization", "Bearer " + KEY)
        .POST(HttpRequest.BodyPublishers.ofString("{\"userId\":\"u1\",\"event\":\"A\"}")));
    assertThat(response.statusCode()).isEqualTo(200);
  }

  @Test
  void gzipBody_isAccepted() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
      gzip.write("{\"userId\":\"u1\",\"event\":\"Zipped\"}".getBytes(StandardCharsets.UTF_8));
    }
    HttpResponse<String> response = send(request("/v1/track").header("Content-Encoding", "gzip")
        .POST(HttpRequest.BodyPublishers.ofByteArray(bytes.toByteArray())));
    assertThat(response.statusCode()).isEqualTo(200);
    HttpResponse<String> corrupt = send(request("/v1/track").header("Content-Encoding", "gzip")
        .POST(HttpRequest.BodyPublishers.ofString("not gzip")));
    assertThat(corrupt.statusCode()).isEqualTo(400);
  }

  private static byte[] gzip(String text) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
      gzip.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return bytes.toByteArray();
  }

  @Test
  void jsonUnderAnyOrNoContentType_isAccepted() throws Exception {
    for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded", "application/json; charset=utf-8"}) {
      assertThat(send(request("/v1/track").setHeader("Content-Type", type)
          .POST(HttpRequest.BodyPublishers.ofString("{\"userId\":\"u1\",\"event\":\"" + type + "\"}")))
          .statusCode()).as(type).isEqualTo(200);
    }
    assertThat(cdp.countEvents()).isEqualTo(3);
  }

  @Test
  void gzipUnderAFormContentTypeWithoutContentEncoding_isAccepted() throws Exception {
    // RudderStack's Node SDK by default: gzip, Content-Type application/x-www-form-urlencoded.
    HttpResponse<String> response = send(request("/v1/batch")
        .setHeader("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofByteArray(gzip(
            "{\"batch\":[{\"type\":\"track\",\"userId\":\"u1\",\"event\":\"Zipped\"}]}"))));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(cdp.countEvents()).isEqualTo(1);
  }

  @Test
  void importPathTrailingSlashesAndShortPaths_reachTheirEndpoints() throws Exception {
    assertThat(post("/v1/import/", "{\"batch\":[{\"type\":\"track\",\"userId\":\"u1\",\"event\":\"A\"}]}")
        .statusCode()).isEqualTo(200);
    assertThat(post("/v1/batch//", "{\"batch\":[{\"type\":\"track\",\"userId\":\"u1\",\"event\":\"B\"}]}")
        .statusCode()).isEqualTo(200);
    assertThat(post("/v1/b", "{\"batch\":[{\"type\":\"track\",\"userId\":\"u1\",\"event\":\"C\"}]}")
        .statusCode()).isEqualTo(200);
    assertThat(post("/v1/t", "{\"userId\":\"u1\",\"event\":\"D\"}").statusCode()).isEqualTo(200);
    assertThat(post("/v1/p", "{\"userId\":\"u1\",\"name\":\"Home\"}").statusCode()).isEqualTo(200);
    assertThat(post("/v1/s", "{\"userId\":\"u1\",\"name\":\"Settings\"}").statusCode()).isEqualTo(200);
    assertThat(post("/v1/i", "{\"userId\":\"u1\",\"traits\":{\"plan\":\"pro\"}}").statusCode()).isEqualTo(200);
    assertThat(post("/v1/g", "{\"userId\":\"u1\",\"groupId\":\"acme\"}").statusCode()).isEqualTo(200);
    assertThat(post("/v1/a", "{\"userId\":\"u1\",\"previousId\":\"anon-1\"}").statusCode()).isEqualTo(200);
    HttpResponse<String> typeMismatch = post("/v1/t", "{\"type\":\"page\",\"userId\":\"u1\"}");
    assertThat(typeMismatch.statusCode()).isEqualTo(400);
    var profile = cdp.findProfile(Identifier.userId("u1")).orElseThrow();
    assertThat(profile.attribute("plan")).contains(AttributeValue.of("pro"));
    assertThat(cdp.countEvents()).isEqualTo(9);
  }

  @Test
  void writeKeyInTheBody_isAcceptedWithoutAnAuthorizationHeader() throws Exception {
    String body = "{\"writeKey\":\"" + KEY + "\",\"batch\":[{\"type\":\"track\",\"userId\":\"u1\",\"event\":\"A\"}]}";
    HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve("/v1/import/"))
        .POST(HttpRequest.BodyPublishers.ofString(body)));
    assertThat(response.statusCode()).isEqualTo(200);
    HttpResponse<String> wrong = send(HttpRequest.newBuilder(base.resolve("/v1/import/"))
        .POST(HttpRequest.BodyPublishers.ofString(body.replace(KEY, "wrong-key-123"))));
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(cdp.countEvents()).isEqualTo(1);
    assertThat(cdp.timeline(cdp.findProfile(Identifier.userId("u1")).orElseThrow().id(),
        io.cdpkit.core.event.TimelineQuery.latest(5)).items().get(0).toString()).doesNotContain(KEY);
  }

  @Test
  void corsPreflight_fromAConfiguredOrigin_isAnsweredWithItsHeaders() throws Exception {
    HttpResponse<String> preflight = send(HttpRequest.newBuilder(base.resolve("/v1/t"))
        .header("Origin", "https://shop.example.com")
        .header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "content-type")
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
    assertThat(preflight.statusCode()).isEqualTo(204);
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).contains("https://shop.example.com");
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods")).hasValueSatisfying(v -> assertThat(v).contains("POST"));
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers")).contains("content-type");

    HttpResponse<String> post = send(request("/v1/t").header("Origin", "https://shop.example.com")
        .POST(HttpRequest.BodyPublishers.ofString("{\"userId\":\"u1\",\"event\":\"A\"}")));
    assertThat(post.statusCode()).isEqualTo(200);
    assertThat(post.headers().firstValue("Access-Control-Allow-Origin")).contains("https://shop.example.com");

    HttpResponse<String> other = send(HttpRequest.newBuilder(base.resolve("/v1/t"))
        .header("Origin", "https://evil.example.net")
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
    assertThat(other.statusCode()).isEqualTo(403);
    assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
  }

  @Test
  void wrongOrMissingKey_is401AndStoresNothing() throws Exception {
    String body = "{\"userId\":\"u1\",\"event\":\"A\"}";
    assertThat(send(request("/v1/track").setHeader("Authorization", basic("wrong-key-123"))
        .POST(HttpRequest.BodyPublishers.ofString(body))).statusCode()).isEqualTo(401);
    assertThat(send(HttpRequest.newBuilder(base.resolve("/v1/track"))
        .POST(HttpRequest.BodyPublishers.ofString(body))).statusCode()).isEqualTo(401);
    assertThat(send(request("/v1/track").setHeader("Authorization", "Basic %%%")
        .POST(HttpRequest.BodyPublishers.ofString(body))).statusCode()).isEqualTo(401);
    HttpResponse<String> bearer = send(request("/v1/track").setHeader("Authorization", "Bearer nope")
        .POST(HttpRequest.BodyPublishers.ofString(body)));
    assertThat(bearer.statusCode()).isEqualTo(401);
    assertThat(bearer.headers().firstValue("WWW-Authenticate")).isPresent();
    assertThat(cdp.countEvents()).isZero();
  }

  @Test
  void malformedJson_is400NamingTheBody() throws Exception {
    HttpResponse<String> response = post("/v1/track", "{\"userId\":\"u1\",");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("\"field\":\"body\"", "must be valid JSON");
  }

  @Test
  void missingField_is400NamingIt() throws Exception {
    HttpResponse<String> track = post("/v1/track", "{\"userId\":\"u1\"}");
    assertThat(track.statusCode()).isEqualTo(400);
    assertThat(track.body()).contains("\"error\":\"invalid_input\"", "\"field\":\"event\"");
    assertThat(post("/v1/batch", "{\"type\":\"track\"}").body()).contains("\"field\":\"batch\"");
    assertThat(cdp.countEvents()).isZero();
  }

  @Test
  void batchWithABadMessage_is200StoringTheOthersAndListingTheBadOne() throws Exception {
    HttpResponse<String> batch = post("/v1/batch",
        "{\"batch\":[{\"type\":\"track\",\"userId\":\"u\",\"event\":\"A\"},{\"type\":\"track\",\"event\":\"B\"}]}");
    assertThat(batch.statusCode()).isEqualTo(200);
    assertThat(batch.body()).contains("\"messages\":1",
        "\"rejected\":[{\"index\":1,\"field\":\"batch[1].userId\",\"rule\":\"userId or anonymousId is required\"}]");
    assertThat(cdp.countEvents()).isEqualTo(1);
  }

  @Test
  void oversizedBody_is413() throws Exception {
    String big = "{\"userId\":\"u1\",\"event\":\"A\",\"properties\":{\"x\":\"" + "y".repeat(5000) + "\"}}";
    HttpResponse<String> response = post("/v1/track", big);
    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(cdp.countEvents()).isZero();
  }

  @Test
  void oversizedBodyWithoutContentLength_is413() throws Exception {
    byte[] big = ("{\"userId\":\"u1\",\"event\":\"A\",\"properties\":{\"x\":\"" + "y".repeat(5000) + "\"}}")
        .getBytes(StandardCharsets.UTF_8);
    HttpResponse<String> response = send(request("/v1/track").POST(HttpRequest.BodyPublishers.ofInputStream(
        () -> new java.io.ByteArrayInputStream(big))));
    assertThat(response.statusCode()).isEqualTo(413);
  }

  @Test
  void unknownPath_is404_otherMethod_is405_otherContentType_is415() throws Exception {
    assertThat(post("/v1/nothing", "{}").statusCode()).isEqualTo(404);
    HttpResponse<String> get = send(request("/v1/track").GET());
    assertThat(get.statusCode()).isEqualTo(405);
    assertThat(get.headers().firstValue("Allow")).hasValueSatisfying(v -> assertThat(v).contains("POST"));
    assertThat(send(request("/v1/track").setHeader("Content-Type", "application/xml")
        .POST(HttpRequest.BodyPublishers.ofString("<a/>"))).statusCode()).isEqualTo(415);
  }

  @Test
  void startTwice_isRefused_andStopFreesThePort() throws IOException {
    assertThatThrownBy(() -> server.start(new InetSocketAddress("127.0.0.1", 0)))
        .isInstanceOf(IllegalStateException.class);
    server.stop();
    server.stop();
    assertThatThrownBy(() -> client.send(request("/v1/track").POST(HttpRequest.BodyPublishers.ofString("{}"))
        .build(), HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);
  }

  @Test
  void builder_refusesAWeakOrMissingKey() {
    assertThatThrownBy(() -> IngestionServer.builder(cdp).writeKey("short")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> IngestionServer.builder(cdp).build()).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> IngestionServer.builder(cdp).maxBodyBytes(10)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> IngestionServer.builder(cdp).corsOrigin("shop.example.com/path"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
