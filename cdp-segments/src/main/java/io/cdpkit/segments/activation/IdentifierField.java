package io.cdpkit.segments.activation;

import java.util.Objects;

/**
 * An identifier a destination asks for: the profile's main identifier of {@code type}, sent as it
 * is stored, or normalised and SHA-256 hashed (lower-case hex) as advertising audiences require.
 * Stored emails are already trimmed and lower-cased and stored phones are already E.164 ({@code
 * +} and digits), so hashing applies to exactly those forms.
 *
 * @param type an identifier type such as {@code email} or {@code phone}
 * @param hashed whether the value is sent as its SHA-256
 */
public record IdentifierField(String type, boolean hashed) {

  public IdentifierField {
    Objects.requireNonNull(type, "type");
    if (!type.matches("[a-z][a-z0-9_]{0,63}")) {
      throw new IllegalArgumentException("type must be an identifier type such as email, was " + type);
    }
  }

  /** The identifier as stored. */
  public static IdentifierField plain(String type) {
    return new IdentifierField(type, false);
  }

  /** The SHA-256 of the normalised identifier. */
  public static IdentifierField sha256(String type) {
    return new IdentifierField(type, true);
  }

  /** The value to send for a stored identifier value: itself, or its SHA-256 in lower-case hex. */
  public String encode(String storedValue) {
    if (!hashed) {
      return storedValue;
    }
    try {
      byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
          .digest(storedValue.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(digest);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** The key the value is sent under: the type, or {@code TYPE_sha256} when hashed. */
  public String key() {
    return hashed ? type + "_sha256" : type;
  }
}
