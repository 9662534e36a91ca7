package io.cdpkit.storage.postgres;

import io.cdpkit.core.spi.StorageBacked;
import io.cdpkit.core.Cdp;
import io.cdpkit.core.Track;
import io.cdpkit.core.identity.Identifier;
import io.cdpkit.segments.Segments;
import io.cdpkit.workflows.RunReport;
import io.cdpkit.workflows.WorkflowEngine;
import io.cdpkit.workflows.channel.HttpClientStepClient;
import io.cdpkit.workflows.channel.HttpStepOptions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * A child process of {@link PostgresTwoProcessTest}: one application instance with a Cdp, a
 * workflow engine and a PostgreSQL store on the shared database. For every user it first tracks a
 * page view under an identifier only it uses (worker 0 a phone number, worker 1 a user id), then a
 * signup under that identifier and the shared email, so the two instances' profiles of one user
 * meet and merge while both are writing. Then it runs due workflow steps until a few rounds find
 * nothing more. Arguments: JDBC URL, base URL of the receiving server, worker number, user count,
 * the instant.
 */
final class TwoProcessWorker {
  private TwoProcessWorker() {}

  static Identifier email(int user) {
    return Identifier.email("user" + user + "@example.com");
  }

  static Identifier own(int worker, int user) {
    return worker == 0
        ? Identifier.phone("+1555" + String.format("%07d", user))
        : Identifier.of(Identifier.USER_ID, "u-" + user);
  }

  public static void main(String[] args) {
    String url = args[0];
    String base = args[1];
    int worker = Integer.parseInt(args[2]);
    int users = Integer.parseInt(args[3]);
    Instant now = Instant.parse(args[4]);
    try (Cdp cdp =
            Cdp.builder()
                .storage(PostgresStorage.open(url, PostgresOptions.defaults().withPoolSize(4)))
                .clock(Clock.fixed(now, ZoneOffset.UTC))
                .build();
        Segments segments = Segments.attach(cdp);
        WorkflowEngine engine =
            WorkflowEngine.builder(cdp, segments)
                .store(((PostgresStorage) StorageBacked.storageOf(cdp)).enrollmentStore())
                .httpClient(
                    HttpClientStepClient.create(
                        HttpStepOptions.builder().allowHosts("127.0.0.1").build()))
                .build()) {
      engine.save(PostgresTwoProcessTest.welcome(base));
      for (int user = 0; user < users; user++) {
        cdp.track(Track.builder("page_view").identifier(own(worker, user)).build());
        cdp.track(
            Track.builder("signup").identifier(email(user)).identifier(own(worker, user)).build());
        if (user % 25 == 24) {
          engine.runDue(now);
        }
      }
      int quiet = 0;
      while (quiet < 5) {
        RunReport report = engine.runDue(now);
        boolean idle = report.signals() == 0 && report.advanced() == 0;
        quiet = idle ? quiet + 1 : 0;
        if (idle) {
          Thread.sleep(100);
        }
      }
      System.out.println("DONE " + worker);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      System.exit(2);
    }
  }
}
