package io.cdpkit.app.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdpkit.core.identity.Identifier;
import io.cdpkit.core.identity.MergeRecord;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code cdp identity log PROFILE}: the merges, unmerges and refusals that shaped a profile. */
@Command(
    name = "identity",
    footer = {"", "Examples:", "  cdp identity log p-1003"},
    description = "The identity log: merges, unmerges and refused merges of a profile.",
    subcommands = {IdentityCommand.Log.class})
final class IdentityCommand {
  private IdentityCommand() {}

  @Command(name = "log", description = "The identity log entries naming a profile, oldest first.",
      footer = {"", "Example:", "  cdp identity log email:ann@example.com"})
  static final class Log extends Base {
    @Parameters(paramLabel = "PROFILE", description = "A profile id (also a merged-away one) or type:value.")
    String profile;

    @Override
    public Integer call() {
      try (Session session = root().open()) {
        String id = session.cdp.findProfile(profile).isPresent() ? profile : resolve(session.cdp, profile).id();
        List<MergeRecord> log = session.cdp.identityLog(id);
        ObjectNode json = Json.object().put("profile_id", id);
        ArrayNode entries = json.putArray("entries");
        StringBuilder text = new StringBuilder();
        for (MergeRecord entry : log) {
          String kind = entry.kind().name().toLowerCase(Locale.ROOT);
          String identifiers = entry.identifiers().stream()
              .map(i -> i.type() + ":" + i.value()).collect(Collectors.joining(", "));
          ObjectNode item = entries.addObject().put("at", entry.at().toString()).put("kind", kind)
              .put("survivor", entry.survivorId());
          item.set("others", Json.strings(entry.otherIds()));
          item.set("identifiers", Json.strings(entry.identifiers().stream().map(Identifier::toString).toList()));
          item.put("reason", entry.reason()).put("actor", entry.actor());
          text.append(Instants.text(entry.at())).append("  ").append(kind).append("  ").append(entry.survivorId())
              .append(" <- ").append(String.join(", ", entry.otherIds()))
              .append(identifiers.isEmpty() ? "" : "  (" + identifiers + ")")
              .append("  ").append(entry.reason()).append(" by ").append(entry.actor())
              .append(System.lineSeparator());
        }
        text.append(Words.count(log.size(), "entry", "entries"));
        return print(json, text.toString());
      }
    }
  }
}
