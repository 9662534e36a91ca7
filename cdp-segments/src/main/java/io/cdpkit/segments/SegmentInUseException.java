package io.cdpkit.segments;

import io.cdpkit.core.CdpException;
import java.util.List;

/** A segment or group cannot be deleted (or renamed) while others use it; names the users. */
public class SegmentInUseException extends CdpException {
  private static final long serialVersionUID = 1L;

  private final String name;
  private final List<String> users;

  public SegmentInUseException(String name, List<String> users) {
    super("'" + name + "' is used by " + String.join(", ", users) + "; remove those uses first");
    this.name = name;
    this.users = List.copyOf(users);
  }

  /** The segment or group. */
  public String name() {
    return name;
  }

  /** What uses it: {@code segment:NAME}, {@code workflow:NAME}, ... */
  public List<String> users() {
    return users;
  }
}
