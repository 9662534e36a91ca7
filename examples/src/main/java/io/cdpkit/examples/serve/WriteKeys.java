package io.cdpkit.examples.serve;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

/**
 * Finds the write key where the official clients put it: the user name of HTTP Basic
 * authentication (Segment's and RudderStack's Node libraries), {@code Authorization: Bearer KEY},
 * or the body's top-level {@code writeKey} field (Segment's Java library, analytics.js). Compares in
 * constant time. Immutable.
 */
final class WriteKeys {
  private static final JsonFactory JSON = new JsonFactory();
  private final byte[] key;

  WriteKeys(String key) {
    this.key = key.getBytes(StandardCharsets.UTF_8);
  }

  /** Whether the header, or else the body, presents the key. */
  boolean presented(@Nullable String authorization, byte[] body) {
    String given = authorization == null ? fromBody(body) : fromHeader(authorization);
    return given != null && MessageDigest.isEqual(key, given.getBytes(StandardCharsets.UTF_8));
  }

  private static @Nullable String fromHeader(String header) {
    if (header.regionMatches(true, 0, "Basic ", 0, 6)) {
      String decoded;
      try {
        decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        return null;
      }
      int colon = decoded.indexOf(':');
      return colon < 0 ? decoded : decoded.substring(0, colon);
    }
    if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return header.substring(7).trim();
    }
    return null;
  }

  /** The top-level {@code writeKey} string, streaming past every other field without building a tree. */
  private static @Nullable String fromBody(byte[] body) {
    try (JsonParser parser = JSON.createParser(body)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if (field.equals("writeKey")) {
          return value == JsonToken.VALUE_STRING ? parser.getText() : null;
        }
        parser.skipChildren();
      }
      return null;
    } catch (IOException e) {
      return null;
    }
  }
}
