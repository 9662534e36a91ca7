package io.cdpkit.storage.sqlite;

import io.cdpkit.core.Cdp;
import io.cdpkit.core.CdpListener;
import io.cdpkit.core.Identify;
import io.cdpkit.core.profile.Profile;
import io.cdpkit.segments.Segments;
import io.cdpkit.workflows.ConsentRule;
import io.cdpkit.workflows.enrollment.Enrollment;
import io.cdpkit.workflows.Step;
import io.cdpkit.workflows.Trigger;
import io.cdpkit.workflows.Workflow;
import io.cdpkit.workflows.WorkflowEngine;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The child process of {@link SqliteMembershipFeedCrashTest}: a Cdp, segments and a workflow
 * engine on one SQLite file, wired by hand so that a Cdp listener registered before the segments
 * can halt the process (as kill -9) right after a profile change commits and before the segments
 * re-evaluate the profile.
 *
 * <p>Phases: {@code setup} saves segment {@code pros} and workflow {@code welcome} (entered pros,
 * then a one-day wait) and adds Ann and Bob; {@code change} makes Ann a pro, halting once the
 * change is committed; {@code plain} makes Bob a pro through a plain Cdp, with no segments or
 * engine; {@code due} runs the due work as the platform's runDue does (segment refresh, then the
 * engine). Each phase prints {@code ENROLLMENTS [id profile state]...} of {@code welcome} when it
 * ends, and {@code PROFILE name id} for the profiles it made. Arguments: database file, phase, the
 * instant.
 */
final class MembershipFeedCrashMain {
  static final int HALTED = 137;

  private MembershipFeedCrashMain() {}

  public static void main(String[] args) {
    Path file = Path.of(args[0]);
    String phase = args[1];
    Instant now = Instant.parse(args[2]);
    PrintStream out = System.out;
    SqliteStorage storage = SqliteStorage.open(file);
    Cdp cdp = Cdp.builder().storage(storage).clock(Clock.fixed(now, ZoneOffset.UTC)).build();
    if (phase.equals("plain")) {
      cdp.identify(Identify.builder().email("bob@example.com").set("plan", "pro").build());
      out.println("END");
      cdp.close();
      return;
    }
    cdp.subscribe(new CdpListener() {
      @Override
      public void profileUpdated(Profile profile) {
        if (phase.equals("change")) {
          out.println("HALT updated " + profile.id());
          out.flush();
          Runtime.getRuntime().halt(HALTED);
        }
      }
    });
    Segments segments = Segments.builder(cdp)
        .store(storage.segmentStore()).groups(storage.groupStore()).build();
    AtomicInteger ids = new AtomicInteger();
    WorkflowEngine engine = WorkflowEngine.builder(cdp, segments)
        .store(storage.enrollmentStore())
        .idGenerator(() -> now + "-" + ids.incrementAndGet())
        .build();
    switch (phase) {
      case "setup" -> {
        segments.save("pros", "plan = \"pro\"");
        engine.save(Workflow.builder("welcome")
            .trigger(Trigger.enteredSegment("pros"))
            .consent(ConsentRule.ignoreConsent())
            .step(Step.waitFor("pause", Duration.ofDays(1)))
            .build());
        out.println("PROFILE ann "
            + cdp.identify(Identify.builder().email("ann@example.com").build()).id());
        out.println("PROFILE bob "
            + cdp.identify(Identify.builder().email("bob@example.com").build()).id());
      }
      case "change" ->
          cdp.identify(Identify.builder().email("ann@example.com").set("plan", "pro").build());
      default -> {
        segments.refresh(now);
        engine.runDue(now);
      }
    }
    StringBuilder line = new StringBuilder("ENROLLMENTS");
    for (Enrollment e : engine.enrollments("welcome")) {
      line.append(" [").append(e.profileId()).append(' ').append(e.state()).append(']');
    }
    out.println(line);
    out.println("END");
    out.flush();
    engine.close();
    segments.close();
    cdp.close();
  }
}
