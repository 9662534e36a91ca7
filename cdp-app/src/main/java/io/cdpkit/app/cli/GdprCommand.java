package io.cdpkit.app.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdpkit.core.consent.AuditEntry;
import io.cdpkit.core.consent.PrivacyOptions;
import io.cdpkit.core.profile.Profile;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cdp gdpr export|erase|anonymise|audit ID}. */
@Command(
    name = "gdpr",
    description = "Export, erase or anonymise everything held about a person, and show the audit"
        + " trail of what was done.",
    footer = {"", "Examples:", "  cdp gdpr export email:ann@example.com --out ann.json",
        "  cdp gdpr erase email:ann@example.com --suppress --yes", "  cdp gdpr audit p-1001"},
    subcommands = {GdprCommand.Export.class, GdprCommand.Erase.class, GdprCommand.Anonymise.class,
        GdprCommand.Audit.class})
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

    @Option(names = "--suppress", description = "Keep one-way hashes of its identifiers, so that"
        + " commands run with --suppress refuse them later (a do-not-contact list).")
    boolean suppress;

    @Option(names = "--yes", description = "Do it without asking.")
    boolean yes;

    @Override
    public Integer call() {
      try (Session session = root().open(builder -> {
        if (suppress) {
          builder.privacy(PrivacyOptions.defaults().withSuppression(true));
        }
      })) {
        String profileId = resolve(session.cdp, id).id();
        Confirmation.require(spec, yes, "erase profile " + profileId + " and everything linked to it");
        session.cdp.eraseProfile(profileId, "cli");
        ObjectNode json = Json.object();
        json.put("erased", profileId);
        if (suppress) {
          json.put("suppressed", true);
        }
        return print(json, "erased " + profileId + (suppress ? "; its identifiers are suppressed" : ""));
      }
    }
  }

  @Command(name = "anonymise", description = "Remove a profile's identifiers, personal attributes and"
      + " consent history, keeping its events for statistics (audited).")
  static final class Anonymise extends Base {
    @Parameters(paramLabel = "ID", description = "A profile id or type:value.")
    String id;

    @Option(names = "--yes", description = "Do it without asking.")
    boolean yes;

    @Override
    public Integer call() {
      try (Session session = root().open()) {
        String profileId = resolve(session.cdp, id).id();
        Confirmation.require(spec, yes, "anonymise profile " + profileId);
        Profile anonymised = session.cdp.anonymiseProfile(profileId, "cli");
        return print(Json.profile(anonymised), "anonymised " + anonymised.id());
      }
    }
  }

  @Command(name = "audit", description = "What was done to a profile's data, oldest first (kept after erasure).")
  static final class Audit extends Base {
    @Parameters(paramLabel = "ID", description = "A profile id (also of an erased profile) or type:value.")
    String id;

    @Override
    public Integer call() {
      try (Session session = root().open()) {
        // An erased profile's id finds no profile, but its trail is kept.
        String profileId = session.cdp.findProfile(id).map(Profile::id)
            .orElseGet(() -> id.indexOf(':') > 0 ? resolve(session.cdp, id).id() : id);
        List<AuditEntry> entries = session.cdp.auditTrail(profileId);
        ObjectNode json = Json.object().put("profile_id", profileId);
        ArrayNode items = json.putArray("entries");
        StringBuilder text = new StringBuilder();
        for (AuditEntry entry : entries) {
          String action = entry.action().name().toLowerCase(Locale.ROOT);
          items.addObject().put("at", entry.at().toString()).put("actor", entry.actor())
              .put("action", action).put("detail", entry.detail());
          text.append(entry.at()).append("  ").append(action).append(" by ").append(entry.actor())
              .append("  ").append(entry.detail()).append(System.lineSeparator());
        }
        text.append(Words.count(entries.size(), "entry", "entries"));
        return print(json, text.toString());
      }
    }
  }
}
