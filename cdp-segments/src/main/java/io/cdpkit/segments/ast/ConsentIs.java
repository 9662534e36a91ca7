package io.cdpkit.segments.ast;

import io.cdpkit.core.profile.ConsentStatus;
import java.util.Objects;

/** True when the profile's consent for the channel has this status: {@code consent email granted}. */
public record ConsentIs(String channel, ConsentStatus status) implements Expr {
  public ConsentIs {
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(status, "status");
  }
}
