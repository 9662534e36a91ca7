package io.cdpkit.storage.sqlite;

import io.cdpkit.core.Cdp;
import io.cdpkit.core.Identify;
import io.cdpkit.segments.Segments;
import io.cdpkit.workflows.ConsentRule;
import io.cdpkit.workflows.enrollment.Enrollment;
import io.cdpkit.workflows.Step;
import io.cdpkit.workflows.Workflow;
import io.cdpkit.workflows.WorkflowEngine;
import io.cdpkit.workflows.channel.HttpClientStepClient;
import io.cdpkit.workflows.channel.HttpStepOptions;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The child process of {@link SqliteWorkflowCrashTest}: a Cdp and a workflow engine on one SQLite
 * file, with the clock fixed at the instant given. Phase {@code start} enrolls Ann in {@code
 * timer} (a 30-minute wait, then an HTTP call) as {@code enr-1} and Bob in {@code crash} (two HTTP
 * calls) as {@code enr-2}, then runs what is due; any other phase only runs what is due. Prints
 * {@code STATE id state} for every enrollment when done. Arguments: database file, base URL of the
 * receiving server, phase, the instant.
 */
final class WorkflowCrashMain {
  static final Duration PAUSE = Duration.ofMinutes(30);

  private WorkflowCrashMain() {}

  static Workflow timerWorkflow(String base) {
    return Workflow.builder("timer")
        .consent(ConsentRule.ignoreConsent())
        .step(Step.waitFor("pause", PAUSE))
        .step(call("timer-call", base + "/timer"))
        .build();
  }

  static Workflow crashWorkflow(String base) {
    return Workflow.builder("crash")
        .consent(ConsentRule.ignoreConsent())
        .step(call("call-1", base + "/hook/1"))
        .step(call("call-2", base + "/hook/2"))
        .build();
  }

  private static Step.HttpCall call(String id, String url) {
    return new Step.HttpCall(
        id,
        "POST",
        url,
        Map.of("Content-Type", "application/json"),
        "{\"step\":\"" + id + "\"}",
        null,
        Duration.ofSeconds(30),
        List.of());
  }

  public static void main(String[] args) {
    Path file = Path.of(args[0]);
    String base = args[1];
    String phase = args[2];
    Instant now = Instant.parse(args[3]);
    PrintStream out = System.out;
    AtomicInteger ids = new AtomicInteger();
    SqliteStorage storage = SqliteStorage.open(file);
    try (Cdp cdp =
            Cdp.builder().storage(storage).clock(Clock.fixed(now, ZoneOffset.UTC)).build();
        Segments segments = Segments.attach(cdp);
        WorkflowEngine engine =
            WorkflowEngine.builder(cdp, segments)
                .store(storage.enrollmentStore())
                .httpClient(
                    HttpClientStepClient.create(
                        HttpStepOptions.builder().allowHosts("127.0.0.1").build()))
                .idGenerator(() -> "enr-" + ids.incrementAndGet())
                .build()) {
      engine.save(timerWorkflow(base));
      engine.save(crashWorkflow(base));
      if (phase.equals("start")) {
        String ann = cdp.identify(Identify.builder().email("ann@example.com").build()).id();
        String bob = cdp.identify(Identify.builder().email("bob@example.com").build()).id();
        engine.enroll("timer", ann).orElseThrow();
        engine.enroll("crash", bob).orElseThrow();
      }
      engine.runDue(now);
      for (String workflow : List.of("timer", "crash")) {
        for (Enrollment enrollment : engine.enrollments(workflow)) {
          out.println("STATE " + enrollment.id() + " " + enrollment.state());
        }
      }
      out.flush();
    }
  }
}
