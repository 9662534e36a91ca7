package io.cdpkit.workflows.internal.engine;

import io.cdpkit.core.ProfileNotFoundException;
import io.cdpkit.core.consent.Reachability;
import io.cdpkit.core.profile.Profile;
import io.cdpkit.workflows.enrollment.Enrollment;
import io.cdpkit.workflows.enrollment.EnrollmentState;
import io.cdpkit.workflows.enrollment.HistoryEntry;
import io.cdpkit.workflows.Preview;
import io.cdpkit.workflows.Workflow;
import io.cdpkit.workflows.memory.InMemoryEnrollmentStore;
import io.cdpkit.workflows.spi.IdempotencyKey;
import io.cdpkit.workflows.spi.NewEnrollment;
import io.cdpkit.core.delivery.DeliveryOutcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs a workflow for one profile on a simulated clock, in its own scratch store with senders
 * that capture instead of sending: nothing is sent and nothing the engine keeps is written. Each
 * preview is independent; thread-safe.
 */
final class PreviewRunner {
  private final EngineConfig config;

  PreviewRunner(EngineConfig config) {
    this.config = config;
  }

  Preview preview(Workflow workflow, String profileId, Instant simulatedStart) {
    Profile profile =
        config.cdp().findProfile(profileId)
            .orElseThrow(() -> new ProfileNotFoundException(profileId));
    Simulation simulation = new Simulation(simulatedStart);
    EngineParts parts = EngineParts.wire(simulation.config(), WorkflowRegistry.SegmentUses.none());
    Workflow saved =
        parts.registry().save(workflow.withEnabled(true), config.cdp().clock().instant())
            .workflow();
    CompiledWorkflow cw = parts.registry().compiled(saved.name(), saved.version());
    Optional<NewEnrollment> started =
        parts.admission().admit(cw, profile.id(), null, simulatedStart);
    if (started.isEmpty()) {
      return notEntered(cw, saved, profile, simulatedStart);
    }
    simulation.store.insert(started.get());
    Instant horizon = simulatedStart.plus(config.options().previewHorizon());
    Enrollment e = started.get().enrollment();
    while (e.isLive() && e.dueAt() != null && !e.dueAt().isAfter(horizon)) {
      simulation.moveTo(e.dueAt());
      parts.runner().runDue(simulation.now);
      e = simulation.store.find(e.id()).orElseThrow();
    }
    return new Preview(saved.name(), profile.id(), e.state(), e.history(), simulation.sends);
  }

  private Preview notEntered(
      CompiledWorkflow cw, Workflow saved, Profile profile, Instant simulatedStart) {
    String reason =
        cw.workflow.consent().findChannel()
            .map(c -> config.cdp().privacy().reachability().check(profile, c, simulatedStart))
            .flatMap(Reachability::unreachableReason)
            .map(r -> "not entered: " + r)
            .orElse("not entered");
    return new Preview(
        saved.name(), profile.id(), EnrollmentState.CANCELLED,
        List.of(new HistoryEntry(simulatedStart, reason)), List.of());
  }

  /** One preview's scratch store, simulated clock and captured sends. */
  private final class Simulation {
    final InMemoryEnrollmentStore store = new InMemoryEnrollmentStore();
    final List<Preview.Send> sends = new ArrayList<>();
    Instant now;

    Simulation(Instant start) {
      this.now = start;
    }

    /** Moves the simulated clock forward to {@code at}; never back. */
    void moveTo(Instant at) {
      now = at.isAfter(now) ? at : now;
    }

    EngineConfig config() {
      EngineConfig.Channels capturing =
          new EngineConfig.Channels(
              m -> capture("email", m.idempotencyKey(), m),
              m -> capture(m.channel(), m.idempotencyKey(), m),
              r -> capture("http", r.idempotencyKey(), r));
      return new EngineConfig(
          config.cdp(), config.segments(), store, capturing, config.retryPolicy(),
          config.options(), () -> "preview", List.of());
    }

    private DeliveryOutcome capture(String channel, IdempotencyKey key, Object request) {
      sends.add(new Preview.Send(now, channel, key, request));
      return DeliveryOutcome.delivered();
    }
  }
}
