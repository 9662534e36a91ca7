package io.cdpkit.segments.internal.membership;

import io.cdpkit.core.InvalidInputException;
import io.cdpkit.core.Page;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** Keyset pages of member ids (segment or group) with opaque cursors. */
final class MemberPages {
  private MemberPages() {}

  /**
   * One page: {@code fetch} answers up to {@code limit + 1} ids after the given one (or from the
   * start); the extra id tells whether another page follows.
   *
   * @throws InvalidInputException when the limit is out of range or the cursor is not a member
   *     page cursor
   */
  static Page<String> page(
      Function<@Nullable String, List<String>> fetch, int limit, @Nullable String cursor) {
    if (limit < 1 || limit > 10_000) {
      throw new InvalidInputException("limit", limit, "must be from 1 to 10000");
    }
    String after = cursor == null ? null : decode(cursor);
    List<String> ids = fetch.apply(after);
    if (ids.size() > limit) {
      List<String> page = ids.subList(0, limit);
      return new Page<>(page, encode(page.get(page.size() - 1)));
    }
    return new Page<>(ids, null);
  }

  private static String encode(String id) {
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString(("m" + id).getBytes(StandardCharsets.UTF_8));
  }

  private static String decode(String cursor) {
    try {
      String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      if (raw.startsWith("m")) {
        return raw.substring(1);
      }
    } catch (IllegalArgumentException e) {
      // falls through
    }
    throw new InvalidInputException("cursor", cursor, "is not a member page cursor");
  }
}
