package io.cdpkit.storage.postgres.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** The two URL forms a PostgreSQL store accepts, and how logs may show them. */
public final class PostgresUrls {
  private PostgresUrls() {}

  /**
   * The JDBC URL for {@code url}: a {@code jdbc:postgresql://...} URL as it is, or a libpq URI
   * ({@code postgresql://user:password@host:port/database?params}, also {@code postgres://}) turned
   * into one, with user and password as the {@code user} and {@code password} parameters.
   *
   * @throws IllegalArgumentException naming the rule when {@code url} is neither
   */
  public static String jdbcUrl(String url) {
    String lower = url.toLowerCase(Locale.ROOT);
    if (lower.startsWith("jdbc:postgresql:")) {
      return url;
    }
    if (!lower.startsWith("postgresql://") && !lower.startsWith("postgres://")) {
      throw new IllegalArgumentException(
          "url " + describe(url) + " must start with jdbc:postgresql:, postgresql:// or postgres://");
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("url " + describe(url) + " is not a valid URI: "
          + e.getReason(), e);
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("url " + describe(url) + " must name a host");
    }
    StringBuilder jdbc = new StringBuilder("jdbc:postgresql://").append(uri.getHost());
    if (uri.getPort() != -1) {
      jdbc.append(':').append(uri.getPort());
    }
    jdbc.append(uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath());
    String query = uri.getRawQuery() == null ? "" : uri.getRawQuery();
    String userInfo = uri.getRawUserInfo();
    if (userInfo != null) {
      int colon = userInfo.indexOf(':');
      String user = colon < 0 ? userInfo : userInfo.substring(0, colon);
      query = append(query, "user=" + user);
      if (colon >= 0) {
        query = append(query, "password=" + userInfo.substring(colon + 1));
      }
    }
    if (!query.isEmpty()) {
      jdbc.append('?').append(query);
    }
    return jdbc.toString();
  }

  private static String append(String query, String parameter) {
    return query.isEmpty() ? parameter : query + "&" + parameter;
  }

  /** {@code url} without credentials or parameters, for messages and logs. */
  public static String describe(String url) {
    String shown = url;
    int query = shown.indexOf('?');
    if (query >= 0) {
      shown = shown.substring(0, query);
    }
    int scheme = shown.indexOf("//");
    int at = shown.lastIndexOf('@');
    if (scheme >= 0 && at > scheme) {
      shown = shown.substring(0, scheme + 2) + shown.substring(at + 1);
    }
    return URLDecoder.decode(shown, StandardCharsets.UTF_8);
  }
}
