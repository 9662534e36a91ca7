package io.cdpkit.core.delivery;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of a posted body: the lower-case hex HMAC-SHA256 of the exact body bytes, keyed
 * with the secret's bytes. Receivers recompute it to check that a post came from the sender.
 * Stateless and thread-safe.
 */
public final class WebhookSignature {
  /** The prefix of a signature header's value. */
  public static final String PREFIX = "sha256=";

  private WebhookSignature() {}

  /** The lower-case hex HMAC-SHA256 of {@code body} keyed with {@code secret}. */
  public static String hex(byte[] secret, byte[] body) {
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(body, "body");
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
    }
  }

  /**
   * The header value for a text body: {@value #PREFIX} and the hex HMAC-SHA256 of its UTF-8
   * bytes keyed with the secret's UTF-8 bytes.
   */
  public static String header(String secret, String body) {
    return PREFIX
        + hex(secret.getBytes(StandardCharsets.UTF_8), body.getBytes(StandardCharsets.UTF_8));
  }
}
