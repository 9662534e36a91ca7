package io.cdpkit.workflows.spi;

import io.cdpkit.core.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Names one send so that whoever receives it can drop a duplicate: the enrollment, the step and
 * the attempt. Every request a sender receives carries one; senders pass it on to the external
 * system ({@code Idempotency-Key} header for HTTP, {@code X-Idempotency-Key} header for email, a
 * JSON field for webhooks).
 *
 * <p>{@link #toString()} is the stable wire form {@code enrollment:step:attempt}, where the two
 * ids are percent-encoded (UTF-8) outside {@code A-Z a-z 0-9 - . _ ~}, so the form is plain
 * ASCII, safe in headers and unique per key; {@link #parse(String)} reads it back. Immutable and
 * thread-safe.
 *
 * <pre>{@code
 * IdempotencyKey key = IdempotencyKey.of("enr-42", "welcome-email", 1);
 * key.toString();      // "enr-42:welcome-email:1"
 * key.nextAttempt();   // enr-42:welcome-email:2
 * }</pre>
 *
 * @param enrollmentId the enrollment that sends; 1 to 256 characters
 * @param stepId the step of the workflow that sends; 1 to 256 characters
 * @param attempt the attempt number, from 1
 */
public record IdempotencyKey(String enrollmentId, String stepId, int attempt) {
  /** The longest id accepted for {@code enrollmentId} and {@code stepId}. */
  public static final int MAX_ID_LENGTH = 256;

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  /**
   * @throws InvalidInputException for an empty or too long id, or an attempt below 1
   */
  public IdempotencyKey {
    checkId("enrollmentId", enrollmentId);
    checkId("stepId", stepId);
    if (attempt < 1) {
      throw new InvalidInputException("attempt", attempt, "must be at least 1");
    }
  }

  /** Same as the constructor. */
  public static IdempotencyKey of(String enrollmentId, String stepId, int attempt) {
    return new IdempotencyKey(enrollmentId, stepId, attempt);
  }

  /**
   * Reads the form {@link #toString()} writes.
   *
   * @throws InvalidInputException when the text is not {@code enrollment:step:attempt}
   */
  public static IdempotencyKey parse(String text) {
    Objects.requireNonNull(text, "text");
    String[] parts = text.split(":", -1);
    if (parts.length != 3) {
      throw new InvalidInputException("idempotency key", text, "must be enrollment:step:attempt");
    }
    int attempt;
    try {
      attempt = Integer.parseInt(parts[2]);
    } catch (NumberFormatException e) {
      throw new InvalidInputException("idempotency key", text, "attempt must be a whole number");
    }
    return new IdempotencyKey(decode(text, parts[0]), decode(text, parts[1]), attempt);
  }

  /** The key of the next attempt of the same send. */
  public IdempotencyKey nextAttempt() {
    if (attempt == Integer.MAX_VALUE) {
      throw new InvalidInputException("attempt", attempt, "has no next attempt");
    }
    return new IdempotencyKey(enrollmentId, stepId, attempt + 1);
  }

  /** The wire form {@code enrollment:step:attempt}; see the class description. */
  @Override
  public String toString() {
    return encode(enrollmentId) + ':' + encode(stepId) + ':' + attempt;
  }

  private static void checkId(String field, String id) {
    if (id == null || id.isEmpty()) {
      throw new InvalidInputException(field, id, "must not be empty");
    }
    if (id.length() > MAX_ID_LENGTH) {
      throw new InvalidInputException(
          field, id, "must be at most " + MAX_ID_LENGTH + " characters, was " + id.length());
    }
  }

  private static boolean unreserved(int b) {
    return (b >= 'A' && b <= 'Z')
        || (b >= 'a' && b <= 'z')
        || (b >= '0' && b <= '9')
        || b == '-'
        || b == '.'
        || b == '_'
        || b == '~';
  }

  private static String encode(String id) {
    StringBuilder out = new StringBuilder(id.length());
    for (byte raw : id.getBytes(StandardCharsets.UTF_8)) {
      int b = raw & 0xFF;
      if (unreserved(b)) {
        out.append((char) b);
      } else {
        out.append('%').append(HEX[b >> 4]).append(HEX[b & 0xF]);
      }
    }
    return out.toString();
  }

  private static String decode(String whole, String part) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(part.length());
    for (int i = 0; i < part.length(); i++) {
      char c = part.charAt(i);
      if (c == '%'
          && i + 2 < part.length()
          && hex(part.charAt(i + 1)) >= 0
          && hex(part.charAt(i + 2)) >= 0) {
        bytes.write(hex(part.charAt(i + 1)) * 16 + hex(part.charAt(i + 2)));
        i += 2;
      } else if (unreserved(c)) {
        bytes.write(c);
      } else {
        throw new InvalidInputException(
            "idempotency key", whole, "has '" + c + "' at an id; ids must be percent-encoded");
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    return -1;
  }
}
