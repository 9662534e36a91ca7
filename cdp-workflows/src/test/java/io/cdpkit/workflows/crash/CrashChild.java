package io.cdpkit.workflows.crash;

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
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The child process of {@link CrashRestartTest}: an engine over a {@link FileEnrollmentStore}
 * that runs a two-call workflow. Arguments: store file, base URL, {@code start} or {@code resume}.
 */
final class CrashChild {
  private CrashChild() {}

  static Workflow workflow(String base) {
    return Workflow.builder("crash")
        .consent(ConsentRule.ignoreConsent())
        .step(call("call-1", base + "/hook/1"))
        .step(call("call-2", base + "/hook/2"))
        .build();
  }

  private static Step.HttpCall call(String id, String url) {
    return new Step.HttpCall(
        id, "POST", url, Map.of("Content-Type", "application/json"), "{\"step\":\"" + id + "\"}",
        null, Duration.ofSeconds(30), List.of());
  }

  public static void main(String[] args) {
    Path file = Path.of(args[0]);
    String base = args[1];
    AtomicInteger ids = new AtomicInteger();
    try (Cdp cdp = Cdp.builder().idGenerator(() -> "id-" + ids.incrementAndGet()).build();
        Segments segments = Segments.attach(cdp);
        FileEnrollmentStore store = new FileEnrollmentStore(file)) {
      String profile = cdp.identify(Identify.builder().email("crash@example.com").build()).id();
      WorkflowEngine engine =
          WorkflowEngine.builder(cdp, segments)
              .store(store)
              .httpClient(HttpClientStepClient.create(
                  HttpStepOptions.builder().allowHosts("127.0.0.1").build()))
              .idGenerator(() -> "enr-1")
              .build();
      engine.save(workflow(base));
      if (args[2].equals("start")) {
        engine.enroll("crash", profile);
      }
      engine.runDue(Instant.now());
      Enrollment enrollment = engine.enrollments("crash").get(0);
      System.out.println("STATE " + enrollment.state());
      engine.close();
    }
  }
}
