package io.cdpkit.app.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdpkit.core.consent.AuditEntry;
import io.cdpkit.core.identity.Identifier;
import io.cdpkit.core.profile.Profile;
import io.cdpkit.core.spi.StorageBacked;
import io.cdpkit.core.spi.SuppressionList;
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

/** {@code cdp gdpr export|erase|anonymise|audit ID} and {@code cdp gdpr suppressed IDENTIFIER...}. */
@Command(
    name = "gdpr",
    description = "Export, erase or anonymise everything held about a person, show the audit"
        + " trail of what was done, and check the suppression list.",
    footer = {"", "Examples:", "  cdp gdpr export email:ann@example.com --out ann.json",
        "  cdp gdpr erase email:ann@example.com --suppress --yes", "  cdp gdpr audit p-1001",
        "  cdp gdpr suppressed email:ann@example.com"},
    subcommands = {GdprCommand.Export.class, GdprCommand.Erase.class, GdprCommand.Anonymise.class,
        GdprCommand.Audit.class, GdprCommand.Suppressed.class})
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

    @Option(names = "--suppress", description = "Keep one-way hashes of its identifiers (the"
        + " suppression list), so that import, cdp serve and every later command refuse them"
        + " instead of re-creating the person; check with cdp gdpr suppressed.")
    boolean suppress;

    @Option(names = "--yes", description = "Do it without asking.")
    boolean yes;

    @Override
    public Integer call() {
      // Suppression stays on in every other command; off here, erasure keeps no hashes.
      try (Session session = root().open(Session.PRIVACY.withSuppression(suppress), builder -> {})) {
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
          text.append(Instants.text(entry.at())).append("  ").append(action).append(" by ").append(entry.actor())
              .append("  ").append(entry.detail()).append(System.lineSeparator());
        }
        text.append(Words.count(entries.size(), "entry", "entries"));
        return print(json, text.toString());
      }
    }
  }

  @Command(name = "suppressed", description = "Whether identifiers are on the suppression list"
      + " (erased with --suppress, so refused by import and cdp serve); the list keeps only"
      + " one-way hashes, so it answers for identifiers you name and cannot be printed.")
  static final class Suppressed extends Base {
    @Parameters(arity = "1..*", paramLabel = "TYPE:VALUE", description = "Identifiers such as email:ann@example.com.")
    List<String> identifiers;

    @Override
    public Integer call() {
      try (Session session = root().open()) {
        ObjectNode json = Json.object();
        ArrayNode items = json.putArray("identifiers");
        StringBuilder text = new StringBuilder();
        for (String argument : identifiers) {
          Identifier identifier = IdentifierCommand.identifier(argument);
          boolean listed = StorageBacked.storageOf(session.cdp)
              .read(store -> store.suppressionList().contains(SuppressionList.hashOf(identifier)));
          items.addObject().put("identifier", identifier.toString()).put("suppressed", listed);
          text.append(identifier).append(listed ? " is suppressed" : " is not suppressed")
              .append(System.lineSeparator());
        }
        return print(json, text.toString().stripTrailing());
      }
    }
  }
}
