package io.cdpkit.app.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cdp gdpr export|erase ID}. */
@Command(
    name = "gdpr",
    description = "Export or erase everything held about a person.",
    subcommands = {GdprCommand.Export.class, GdprCommand.Erase.class})
final class GdprCommand {
  private GdprCommand() {}

  @Command(name = "export", description = "Everything held about a profile as one JSON document (audited).")
  static final class Export extends Base {
    @Parameters(paramLabel = "ID", description = "A profile id or type:value.")
    String id;

    @Option(names = "--out", paramLabel = "FILE", description = "Write to a file instead of standard output.")
    @Nullable Path file;

    @Override
    public Integer call() {
      try (Session session = root().open()) {
        String profileId = resolve(session.cdp, id).id();
        if (file == null) {
          StringWriter document = new StringWriter();
          session.cdp.exportProfile(profileId, document, "cli");
          out().println(document);
          out().flush();
          return 0;
        }
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
          session.cdp.exportProfile(profileId, out, "cli");
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        ObjectNode json = Json.object();
        json.put("profile_id", profileId);
        json.put("file", file.toString());
        return print(json, "exported " + profileId + " to " + file);
      }
    }
  }

  @Command(name = "erase", description = "Erase a profile and everything linked to it (audited).")
  static final class Erase extends Base {
    @Parameters(paramLabel = "ID", description = "A profile id or type:value.")
    String id;

    @Override
    public Integer call() {
      try (Session session = root().open()) {
        String profileId = resolve(session.cdp, id).id();
        session.cdp.eraseProfile(profileId, "cli");
        ObjectNode json = Json.object();
        json.put("erased", profileId);
        return print(json, "erased " + profileId);
      }
    }
  }
}
