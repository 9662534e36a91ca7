package io.cdpkit.app.dashboard;

import com.sun.net.httpserver.Headers;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Who may use the dashboard: a secret token, and the host names it answers to.
 *
 * <p>Every request must name an allowed host in {@code Host} (this defeats DNS rebinding: a page on
 * {@code attacker.example} that resolves to 127.0.0.1 still sends {@code Host: attacker.example}),
 * and, when it carries {@code Origin}, come from the same origin (scheme, host and port) it
 * addresses. Every request must carry the
 * token, as {@code Authorization: Bearer TOKEN} or in the session cookie that opening {@code
 * /?token=TOKEN} sets ({@code HttpOnly}, {@code SameSite=Strict}). Requests that change state
 * ({@code POST}, {@code PUT}, {@code DELETE}) must in addition carry the token in the {@code
 * Authorization} header, not only the cookie, and declare {@code Content-Type: application/json}:
 * a cross-site form or {@code text/plain} POST can do neither.
 *
 * <p>{@code localhost}, {@code 127.0.0.1} and {@code [::1]} are always allowed; add the public
 * name when the dashboard is exposed behind a TLS-terminating reverse proxy. Immutable.
 */
public final class DashboardAccess {
  /** The cookie that carries the token for page loads. */
  public static final String COOKIE = "cdp_dashboard";
  /** The environment variable {@code cdp dashboard} reads the token from. */
  public static final String TOKEN_VARIABLE = "CDP_DASHBOARD_TOKEN";
  private static final int MIN_TOKEN_LENGTH = 16;
  private static final List<String> LOCAL_HOSTS = List.of("localhost", "127.0.0.1", "[::1]");
  private static final Set<String> STATE_CHANGING = Set.of("POST", "PUT", "DELETE", "PATCH");

  private final String token;
  private final Set<String> hosts;

  private DashboardAccess(String token, Set<String> hosts) {
    this.token = token;
    this.hosts = Set.copyOf(hosts);
  }

  /**
   * Access with this token, for loopback host names only.
   *
   * @throws IllegalArgumentException when the token is shorter than 16 characters or holds
   *     characters outside printable ASCII
   */
  public static DashboardAccess withToken(String token) {
    Objects.requireNonNull(token, "token");
    if (token.length() < MIN_TOKEN_LENGTH || !token.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != ';')) {
      throw new IllegalArgumentException("dashboard token: at least " + MIN_TOKEN_LENGTH
          + " printable ASCII characters without spaces or ';' are needed, was " + token.length() + " characters");
    }
    return new DashboardAccess(token, new LinkedHashSet<>(LOCAL_HOSTS));
  }

  /** Access with a new random token (256 bits), for loopback host names only. */
  public static DashboardAccess generated() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return withToken(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
  }

  /**
   * The same token, also answering to these host names (without port), for example the name a
   * reverse proxy forwards.
   */
  public DashboardAccess allowingHosts(List<String> names) {
    Set<String> all = new LinkedHashSet<>(hosts);
    for (String name : names) {
      if (name.isBlank() || name.contains(":") && !name.startsWith("[")) {
        throw new IllegalArgumentException("allowed host: a host name without port is needed, was '" + name + "'");
      }
      all.add(name.strip().toLowerCase(Locale.ROOT));
    }
    return new DashboardAccess(token, all);
  }

  /** The secret token. */
  public String token() {
    return token;
  }

  /** The host names requests may address. */
  public Set<String> hosts() {
    return hosts;
  }

  /**
   * Why this request is refused, or empty when it may proceed.
   *
   * @param method the request method
   * @param headers the request headers
   * @param queryToken the {@code token} query parameter of a page load, or null
   */
  Optional<Refusal> check(String method, Headers headers, @Nullable String queryToken) {
    String host = hostName(headers.getFirst("Host"));
    if (host == null || !hosts.contains(host)) {
      return Optional.of(new Refusal(403, "forbidden_host",
          "Host '" + headers.getFirst("Host") + "' is not one of " + hosts + " (start with --allowed-host to add one)"));
    }
    String origin = headers.getFirst("Origin");
    if (origin != null && !sameOrigin(origin, headers.getFirst("Host"))) {
      return Optional.of(new Refusal(403, "forbidden_origin", "Origin '" + origin + "' is not allowed"));
    }
    boolean headerToken = matches(bearer(headers.getFirst("Authorization")));
    boolean authenticated = headerToken || matches(cookie(headers.getFirst("Cookie"))) || matches(queryToken);
    if (!authenticated) {
      return Optional.of(new Refusal(401, "unauthorized",
          "a token is needed: open the address the dashboard printed at start (with ?token=), or send"
              + " Authorization: Bearer TOKEN"));
    }
    if (STATE_CHANGING.contains(method)) {
      if (!headerToken) {
        return Optional.of(new Refusal(403, "token_header_required",
            method + " needs the token in the Authorization header, not only the cookie"));
      }
      String type = headers.getFirst("Content-Type");
      if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
        return Optional.of(new Refusal(415, "json_required",
            method + " needs Content-Type: application/json, was " + (type == null ? "none" : "'" + type + "'")));
      }
    }
    return Optional.empty();
  }

  /** Whether {@code candidate} is the token, compared in constant time. */
  boolean matches(@Nullable String candidate) {
    return candidate != null && MessageDigest.isEqual(
        candidate.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8));
  }

  /** The {@code Set-Cookie} value that keeps this token for the page's later loads. */
  String sessionCookie() {
    return COOKIE + "=" + token + "; Path=/; HttpOnly; SameSite=Strict";
  }

  private static @Nullable String hostName(@Nullable String hostHeader) {
    if (hostHeader == null || hostHeader.isBlank()) {
      return null;
    }
    String host = hostHeader.strip().toLowerCase(Locale.ROOT);
    if (host.startsWith("[")) {
      int end = host.indexOf(']');
      return end < 0 ? null : host.substring(0, end + 1);
    }
    int colon = host.indexOf(':');
    return colon < 0 ? host : host.substring(0, colon);
  }

  /** Whether a browser's {@code Origin} names the very host and port the request was sent to. */
  private static boolean sameOrigin(String origin, String hostHeader) {
    try {
      URI uri = new URI(origin);
      String scheme = uri.getScheme();
      if (uri.getHost() == null || !("http".equals(scheme) || "https".equals(scheme))) {
        return false;
      }
      int port = uri.getPort() >= 0 ? uri.getPort() : "https".equals(scheme) ? 443 : 80;
      String host = uri.getHost().toLowerCase(Locale.ROOT);
      String addressed = hostHeader.strip().toLowerCase(Locale.ROOT);
      return addressed.equals(host + ":" + port) || addressed.equals(host) && port == ("https".equals(scheme) ? 443 : 80);
    } catch (URISyntaxException e) {
      return false;
    }
  }

  private static @Nullable String bearer(@Nullable String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    return authorization.substring(7).strip();
  }

  private static @Nullable String cookie(@Nullable String cookies) {
    if (cookies == null) {
      return null;
    }
    for (String pair : cookies.split(";")) {
      String trimmed = pair.strip();
      if (trimmed.startsWith(COOKIE + "=")) {
        return trimmed.substring(COOKIE.length() + 1);
      }
    }
    return null;
  }

  /** A refused request: the status, an error code and a message for the user. */
  record Refusal(int status, String code, String message) {}
}
