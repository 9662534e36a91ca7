package io.cdpkit.workflows;

import io.cdpkit.workflows.enrollment.EnrollmentState;
import io.cdpkit.workflows.enrollment.HistoryEntry;
import io.cdpkit.workflows.spi.IdempotencyKey;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a workflow would do for one profile, found by running it on a simulated clock with
 * recording senders and a throw-away store: nothing is sent and nothing is stored.
 *
 * @param workflow the workflow's name
 * @param profileId the profile
 * @param finalState where the simulated enrollment ended (or stood at the horizon)
 * @param path the simulated enrollment's history: transitions and steps with their instants
 * @param sends what it would send, in order
 */
public record Preview(
    String workflow,
    String profileId,
    EnrollmentState finalState,
    List<HistoryEntry> path,
    List<Send> sends) {

  public Preview {
    Objects.requireNonNull(workflow, "workflow");
    Objects.requireNonNull(profileId, "profileId");
    Objects.requireNonNull(finalState, "finalState");
    path = List.copyOf(path);
    sends = List.copyOf(sends);
  }

  /**
   * One send the workflow would make.
   *
   * @param at the simulated instant
   * @param channel {@code email}, the message channel, or {@code http}
   * @param key its idempotency key
   * @param request the rendered request: an {@code EmailMessage}, {@code ChannelMessage} or
   *     {@code HttpRequestSpec} from {@code io.cdpkit.workflows.spi}
   */
  public record Send(Instant at, String channel, IdempotencyKey key, Object request) {
    public Send {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(channel, "channel");
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(request, "request");
    }
  }
}
