package io.cdpkit.app.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * {@link SyncCliTest} again on PostgreSQL, the syncs kept in the file {@code --syncs-file} names
 * (the default, cdp.syncs.json in the working directory, would outlive the test).
 */
final class SyncCliPostgresTest extends SyncCliTest {
  @Override
  String database() {
    return PostgresDatabases.fresh();
  }

  @Override
  Result syncs(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--syncs-file", dir.resolve("syncs.json").toString()));
    return cdp(all.toArray(String[]::new));
  }
}
