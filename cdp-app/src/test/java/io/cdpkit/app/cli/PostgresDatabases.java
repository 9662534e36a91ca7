package io.cdpkit.app.cli;

import io.cdpkit.storage.postgres.TestPostgres;
import java.net.URI;

/** Fresh databases on the embedded test server, named the way a user types them. */
final class PostgresDatabases {
  private PostgresDatabases() {}

  static String fresh() {
    URI jdbc = URI.create(TestPostgres.freshDatabaseUrl().substring("jdbc:".length()));
    return "postgresql://postgres@" + jdbc.getHost() + ":" + jdbc.getPort() + jdbc.getPath();
  }
}
