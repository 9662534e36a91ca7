package io.cdpkit.storage.sqlite;

import io.cdpkit.core.Cdp;
import io.cdpkit.core.Identify;
import io.cdpkit.core.identity.Identifier;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A child process of {@link SqliteSharedFileTest}: writes round {@code N} to the same profiles as
 * every other writer, by identifying each of them with attribute {@code roundN} set and the counter
 * {@code writes} incremented, then reads them back. With a round as argument it writes that round and exits; without, it
 * stays open (its caches warm) and writes each round read from its standard input, printing {@code
 * done} after each.
 */
final class SharedFileWriterMain {
  static final int PROFILES = 200;
  static final String DONE = "done";

  private SharedFileWriterMain() {}

  public static void main(String[] args) throws Exception {
    try (Cdp cdp = Cdp.builder().storage(SqliteStorage.open(Path.of(args[0]))).build()) {
      if (args.length > 1) {
        writeRound(cdp, Integer.parseInt(args[1]));
        return;
      }
      BufferedReader in =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      for (String line = in.readLine(); line != null && !line.isBlank(); line = in.readLine()) {
        writeRound(cdp, Integer.parseInt(line.trim()));
        System.out.println(DONE);
        System.out.flush();
      }
    }
  }

  static Identifier person(int n) {
    return Identifier.email("person" + n + "@example.com");
  }

  private static void writeRound(Cdp cdp, int round) {
    List<Identify> batch = new ArrayList<>();
    for (int n = 0; n < PROFILES; n++) {
      batch.add(
          Identify.builder()
              .identifier(person(n))
              .set("round" + round, round)
              .increment("writes", 1)
              .build());
    }
    cdp.identifyAll(batch);
    for (int n = 0; n < PROFILES; n++) {
      cdp.findProfile(person(n)); // as a server answering reads would: warms the caches
    }
  }
}
