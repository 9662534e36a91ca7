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
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The child process of {@link SqliteTriggerSignalCrashTest}: a Cdp, segments and a workflow engine
 * on one SQLite file, wired by hand so that a listener registered before the engine can halt the
 * process (no shutdown hook, no flush: as kill -9) right after a change commits and before any
 * in-process listener registered later could hand it to the engine.
 *
 * <p>Phases: {@code enter} saves segment {@code pros} and workflow {@code welcome} (entered pros,
 * then a one-day wait), adds Bob and makes Ann a pro, halting once her entry is committed; {@code
 * merge} enrolls a (younger) phone-only profile in {@code welcome} and merges it into Bob by an
 * identify with both identifiers, halting once the merge is committed; {@code resume} only runs what is due. Each
 * phase prints a line {@code ENROLLMENTS [id profile state]...} of the enrollments of {@code
 * welcome} before its change and when it ends, and {@code PROFILE name id} for the profiles it
 * made. Arguments:
 * database file, phase, the instant.
 */
final class TriggerSignalCrashMain {
  static final int HALTED = 137;

  private TriggerSignalCrashMain() {}

  public static void main(String[] args) {
    Path file = Path.of(args[0]);
    String phase = args[1];
    Instant now = Instant.parse(args[2]);
    PrintStream out = System.out;
    AtomicInteger ids = new AtomicInteger();
    SqliteStorage storage = SqliteStorage.open(file);
    Cdp cdp = Cdp.builder().storage(storage).clock(Clock.fixed(now, ZoneOffset.UTC)).build();
    Segments segments = Segments.builder(cdp)
        .store(storage.segmentStore()).groups(storage.groupStore()).build();
    segments.subscribe(t -> {
      if (phase.equals("enter") && t.entered()) {
        halt(out, "entered " + t.segment());
      }
    });
    cdp.subscribe(new CdpListener() {
      @Override
      public void profilesMerged(Profile survivor, List<String> absorbedIds) {
        if (phase.equals("merge")) {
          halt(out, "merged " + absorbedIds + " into " + survivor.id());
        }
      }
    });
    WorkflowEngine engine = WorkflowEngine.builder(cdp, segments)
        .store(storage.enrollmentStore())
        .idGenerator(() -> phase + "-" + ids.incrementAndGet())
        .build();
    switch (phase) {
      case "enter" -> {
        segments.save("pros", "plan = \"pro\"");
        engine.save(Workflow.builder("welcome")
            .trigger(Trigger.enteredSegment("pros"))
            .consent(ConsentRule.ignoreConsent())
            .step(Step.waitFor("pause", Duration.ofDays(1)))
            .build());
        String ann = cdp.identify(Identify.builder().email("ann@example.com").build()).id();
        out.println("PROFILE ann " + ann);
        cdp.identify(Identify.builder().email("bob@example.com").build());
        print(out, engine);
        cdp.identify(Identify.builder().profileId(ann).set("plan", "pro").build());
      }
      case "merge" -> {
        String bob = cdp.identify(Identify.builder().email("bob@example.com").build()).id();
        String phone = cdp.identify(Identify.builder().phone("+31612345678").build()).id();
        out.println("PROFILE bob " + bob);
        out.println("PROFILE phone " + phone);
        engine.enroll("welcome", phone).orElseThrow();
        print(out, engine);
        cdp.identify(Identify.builder().email("bob@example.com").phone("+31612345678").build());
      }
      default -> engine.runDue(now);
    }
    print(out, engine);
    out.println("END");
    out.flush();
    engine.close();
    segments.close();
    cdp.close();
  }

  private static void print(PrintStream out, WorkflowEngine engine) {
    StringBuilder line = new StringBuilder("ENROLLMENTS");
    for (Enrollment e : engine.enrollments("welcome")) {
      line.append(" [").append(e.id()).append(' ').append(e.profileId()).append(' ')
          .append(e.state()).append(']');
    }
    out.println(line);
  }

  private static void halt(PrintStream out, String what) {
    out.println("HALT " + what);
    out.flush();
    Runtime.getRuntime().halt(HALTED);
  }
}
