package io.cdpkit.examples.cli;

import io.cdpkit.examples.serve.IngestionServer;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cdp serve}: accepts the tracking message format over HTTP ({@code POST /v1/batch},
 * {@code /v1/track}, ...) into {@code --db} until the process is stopped.
 */
@Command(name = "serve", description = "Accept tracking messages over HTTP (POST /v1/batch, /v1/track, ...).")
final class ServeCommand extends Base {
  @Option(names = "--host", description = "The address to listen on. Default: ${DEFAULT-VALUE}.")
  String host = "127.0.0.1";

  @Option(names = "--port", description = "The port (0 picks a free one). Default: ${DEFAULT-VALUE}.")
  int port = 8088;

  @Option(names = "--write-key", paramLabel = "KEY",
      description = "The write key clients send; default: the environment variable CDP_WRITE_KEY.")
  @Nullable String writeKey;

  @Option(names = "--cors-origin", paramLabel = "ORIGIN",
      description = "A browser origin (https://shop.example.com, or *) allowed to send; repeatable.")
  List<String> corsOrigins = new ArrayList<>();

  @Option(names = "--phone-region", paramLabel = "REGION",
      description = "The country national phone numbers are read in (ISO 3166, such as ID or NL).")
  @Nullable String phoneRegion;

  @Override
  public Integer call() throws InterruptedException {
    String key = writeKey != null ? writeKey : System.getenv("CDP_WRITE_KEY");
    if (key == null || key.isBlank()) {
      throw new IllegalArgumentException("give a write key with --write-key or CDP_WRITE_KEY");
    }
    try (Session session = root().open()) {
      IngestionServer.Builder builder = IngestionServer.builder(session.cdp).writeKey(key);
      corsOrigins.forEach(builder::corsOrigin);
      if (phoneRegion != null) {
        builder.phoneRegion(phoneRegion);
      }
      IngestionServer server = builder.build();
      InetSocketAddress bound = server.start(new InetSocketAddress(host, port));
      out().println("Serving " + session.cdp.storage() + " on http://" + bound.getHostString() + ":" + bound.getPort() + "/v1/");
      out().flush();
      try {
        new CountDownLatch(1).await();
      } finally {
        server.stop();
      }
    }
    return 0;
  }
}
