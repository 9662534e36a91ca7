package io.cdpkit.workflows.spi.contract;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A minimal SMTP server on 127.0.0.1 and a free port whose replies the test scripts, for the
 * failures a real server will not produce on demand: a 4xx or 5xx to {@code MAIL FROM}, {@code
 * RCPT TO} or the end of {@code DATA}, a 421 greeting, or no reply at all. It offers no
 * extensions (no AUTH, no STARTTLS), so senders meet it without credentials or TLS.
 */
public final class ScriptedSmtpServer implements AutoCloseable {
  private final ServerSocket socket;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final List<Socket> connections = new CopyOnWriteArrayList<>();
  private final List<String> commands = new CopyOnWriteArrayList<>();
  private volatile String greeting = "220 scripted ESMTP";
  private volatile String mailReply = "250 2.1.0 OK";
  private volatile String rcptReply = "250 2.1.5 OK";
  private volatile String dataEndReply = "250 2.0.0 queued";
  private volatile boolean silent;

  private ScriptedSmtpServer() throws IOException {
    socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    executor.execute(this::acceptLoop);
  }

  /** Starts a server that accepts every message. */
  public static ScriptedSmtpServer start() {
    try {
      return new ScriptedSmtpServer();
    } catch (IOException e) {
      throw new IllegalStateException("could not start the scripted SMTP server", e);
    }
  }

  public int port() {
    return socket.getLocalPort();
  }

  /** Greets with this reply, such as {@code 421 4.3.2 try later}, then closes on a 4xx/5xx. */
  public ScriptedSmtpServer greeting(String reply) {
    greeting = reply;
    return this;
  }

  /** Answers {@code MAIL FROM} with this reply. */
  public ScriptedSmtpServer mailReply(String reply) {
    mailReply = reply;
    return this;
  }

  /** Answers {@code RCPT TO} with this reply. */
  public ScriptedSmtpServer rcptReply(String reply) {
    rcptReply = reply;
    return this;
  }

  /** Answers the end of {@code DATA} with this reply. */
  public ScriptedSmtpServer dataEndReply(String reply) {
    dataEndReply = reply;
    return this;
  }

  /** Accepts connections and never says a word. */
  public ScriptedSmtpServer silent() {
    silent = true;
    return this;
  }

  /** The commands received so far (verbs and arguments, no message text). */
  public List<String> commands() {
    return List.copyOf(commands);
  }

  private void acceptLoop() {
    while (!socket.isClosed()) {
      try {
        Socket connection = socket.accept();
        connections.add(connection);
        executor.execute(() -> serve(connection));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket connection) {
    try (connection;
        BufferedReader in =
            new BufferedReader(
                new InputStreamReader(connection.getInputStream(), StandardCharsets.US_ASCII));
        OutputStream out = connection.getOutputStream()) {
      if (silent) {
        while (in.read() >= 0) {
          // swallow whatever arrives until the client gives up
        }
        return;
      }
      reply(out, greeting);
      if (!greeting.startsWith("2")) {
        return;
      }
      String line;
      while ((line = in.readLine()) != null) {
        commands.add(line);
        String verb = line.length() >= 4 ? line.substring(0, 4).toUpperCase(Locale.ROOT) : line;
        switch (verb) {
          case "EHLO", "HELO" -> reply(out, "250 scripted");
          case "MAIL" -> reply(out, mailReply);
          case "RCPT" -> reply(out, rcptReply);
          case "DATA" -> {
            reply(out, "354 go ahead");
            String data;
            while ((data = in.readLine()) != null && !data.equals(".")) {
              // the message text is not kept
            }
            reply(out, dataEndReply);
          }
          case "QUIT" -> {
            reply(out, "221 bye");
            return;
          }
          default -> reply(out, "250 OK");
        }
      }
    } catch (IOException e) {
      // the client went away; nothing to clean up beyond the socket
    }
  }

  private static void reply(OutputStream out, String line) throws IOException {
    out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  @Override
  public void close() {
    try {
      socket.close();
      for (Socket connection : connections) {
        connection.close();
      }
    } catch (IOException e) {
      // closing a test server; the next test starts a new one
    } finally {
      executor.shutdownNow();
    }
  }
}
