package io.cdpkit.workflows.internal.render;

import io.cdpkit.core.event.Event;
import io.cdpkit.core.profile.Profile;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What merge tags read: the enrolled profile and, when the workflow was triggered by one, the
 * event.
 */
public record RenderContext(Profile profile, @Nullable Event event) {
  public RenderContext {
    Objects.requireNonNull(profile, "profile");
  }

  public static RenderContext of(Profile profile) {
    return new RenderContext(profile, null);
  }

  public static RenderContext of(Profile profile, Event event) {
    return new RenderContext(profile, Objects.requireNonNull(event, "event"));
  }

  public Optional<Event> findEvent() {
    return Optional.ofNullable(event);
  }
}
