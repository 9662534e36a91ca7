package io.cdpkit.storage.sqlite;

import io.cdpkit.core.Cdp;
import io.cdpkit.core.Identify;
import io.cdpkit.core.Track;
import io.cdpkit.core.event.Event;
import io.cdpkit.core.identity.Identifier;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The child process of {@link SqliteCrashTest}: ingests events into the file named by its argument
 * until it is killed, printing the id of each event once {@code track} or {@code trackAll} has
 * returned (that is, once it was acknowledged).
 */
final class CrashIngestMain {
  static final String READY = "ready";

  private CrashIngestMain() {}

  public static void main(String[] args) {
    PrintStream out = System.out;
    try (Cdp cdp = Cdp.builder().storage(SqliteStorage.open(Path.of(args[0]))).build()) {
      out.println(READY);
      out.flush();
      for (int n = 0; ; ) {
        Identifier person = Identifier.email("person" + (n % 50) + "@example.com");
        if (n % 20 == 0) {
          cdp.identify(Identify.builder().identifier(person).increment("batches", 1).build());
        }
        List<Track> batch = new ArrayList<>();
        for (int i = 0; i < 1 + n % 4; i++, n++) {
          batch.add(
              Track.builder("view")
                  .eventId(String.format("e-%07d", n))
                  .identifier(person)
                  .property("n", n)
                  .build());
        }
        List<Event> stored =
            batch.size() == 1 ? List.of(cdp.track(batch.get(0))) : cdp.trackAll(batch);
        for (Event event : stored) {
          out.println(event.id());
        }
        out.flush();
      }
    }
  }
}
