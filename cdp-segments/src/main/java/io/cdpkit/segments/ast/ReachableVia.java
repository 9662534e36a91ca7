package io.cdpkit.segments.ast;

import java.util.Objects;

/** True when a message on the channel may reach the profile: {@code reachable via sms}. */
public record ReachableVia(String channel) implements Expr {
  public ReachableVia {
    Objects.requireNonNull(channel, "channel");
  }
}
