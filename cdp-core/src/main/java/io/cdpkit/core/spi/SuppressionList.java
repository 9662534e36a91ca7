package io.cdpkit.core.spi;

import io.cdpkit.core.identity.Identifier;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.Set;

/**
 * One-way hashes of erased identifiers, kept (when the user chooses so) so that later events
 * carrying them are dropped instead of re-creating the erased person.
 */
public interface SuppressionList {

  /**
   * The hash the list keeps for {@code identifier}: SHA-256 of its {@code type:value} form, in
   * lower-case hex. The one rule for adding to the list and for asking whether an identifier is on
   * it, from the engine or from a tool.
   */
  static String hashOf(Identifier identifier) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(identifier.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** Adds a hash; adding one twice keeps one. */
  void add(String hash);

  boolean contains(String hash);

  /** Which of the hashes are on the list: one lookup for a batch. By default one each. */
  default Set<String> containedOf(Collection<String> hashes) {
    Set<String> contained = new HashSet<>();
    for (String hash : hashes) {
      if (contains(hash)) {
        contained.add(hash);
      }
    }
    return contained;
  }
}
