package io.cdpkit.core.tracking;

import java.util.Locale;
import java.util.Optional;

/** The message types of the common tracking format, with the event type each one is stored as. */
public enum MessageType {
  /** Who the person is: ids and traits. Stored as an {@code identify} event too. */
  IDENTIFY("identify"),
  /** Something the person did; stored as an event named by the message's {@code event}. */
  TRACK("track"),
  /** A web page view; stored as a {@code page_view} event. */
  PAGE("page_view"),
  /** A mobile screen view; stored as a {@code screen_view} event. */
  SCREEN("screen_view"),
  /** {@code previousId} and {@code userId} are the same person; stored as an {@code alias} event. */
  ALIAS("alias"),
  /** The person belongs to a group (an account, a company); stored as a {@code group} event. */
  GROUP("group");

  private final String eventType;

  MessageType(String eventType) {
    this.eventType = eventType;
  }

  /** The {@code type} field's value on the wire, such as {@code identify}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The event type stored for messages of this type; for {@link #TRACK} the message's own {@code
   * event} is used instead and this returns {@code track}.
   */
  public String eventType() {
    return eventType;
  }

  /** The type named by a {@code type} field value (case-sensitive, as the format defines it). */
  public static Optional<MessageType> fromWireName(String name) {
    for (MessageType type : values()) {
      if (type.wireName().equals(name)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }
}
