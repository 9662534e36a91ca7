package io.cdpkit.workflows.crash;

import io.cdpkit.core.Cdp;
import io.cdpkit.core.Identify;
import io.cdpkit.core.Track;
import io.cdpkit.segments.Segments;
import io.cdpkit.workflows.ConsentRule;
import io.cdpkit.workflows.enrollment.Enrollment;
import io.cdpkit.workflows.ReEntryPolicy;
import io.cdpkit.workflows.Step;
import io.cdpkit.workflows.Trigger;
import io.cdpkit.workflows.Workflow;
import io.cdpkit.workflows.WorkflowEngine;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The child process of {@link CrashRestartTest}'s trigger test: an engine over a {@link
 * FileEnrollmentStore} whose workflow starts on a {@code registered} event, completes at once and
 * may start again. Arguments: store file, then {@code trigger} (the event is tracked and the
 * process waits to be killed, before any runDue) or {@code resume} (runDue, then the enrollments).
 *
 * <p>The Cdp is in memory, so {@code resume} first stores the same profile and event again (same
 * ids) before the engine listens: it plays a durable Cdp that kept them across the crash.
 */
final class TriggerCrashChild {
  private TriggerCrashChild() {}

  public static void main(String[] args) throws InterruptedException {
    Path file = Path.of(args[0]);
    boolean trigger = args[1].equals("trigger");
    AtomicInteger ids = new AtomicInteger();
    try (Cdp cdp = Cdp.builder().idGenerator(() -> "id-" + ids.incrementAndGet()).build();
        Segments segments = Segments.attach(cdp);
        FileEnrollmentStore store = new FileEnrollmentStore(file)) {
      String profile = cdp.identify(Identify.builder().email("crash@example.com").build()).id();
      Track registered = Track.builder("registered").eventId("ev-1").profileId(profile).build();
      if (!trigger) {
        cdp.track(registered);
      }
      AtomicInteger enrollmentIds = new AtomicInteger();
      WorkflowEngine engine =
          WorkflowEngine.builder(cdp, segments)
              .store(store)
              .idGenerator(() -> "enr-" + enrollmentIds.incrementAndGet())
              .build();
      engine.save(
          Workflow.builder("welcome")
              .trigger(Trigger.eventAdded("registered"))
              .consent(ConsentRule.ignoreConsent())
              .reEntry(ReEntryPolicy.afterCompletion())
              .step(new Step.Wait("pause", Duration.ofSeconds(1)))
              .build());
      if (trigger) {
        cdp.track(registered);
        System.out.println("TRIGGERED");
        System.out.flush();
        Thread.sleep(60_000);
        return;
      }
      engine.runDue(Instant.now().plusSeconds(5));
      engine.runDue(Instant.now().plusSeconds(10));
      for (Enrollment e : engine.enrollments("welcome")) {
        System.out.println("ENROLLMENT " + e.id() + " " + e.triggerEventId() + " " + e.state());
      }
      engine.close();
    }
  }
}
