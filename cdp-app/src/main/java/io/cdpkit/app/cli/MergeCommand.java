package io.cdpkit.app.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdpkit.core.profile.Profile;
import java.util.List;
import java.util.TreeSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code cdp merge ID ID...}: merges into the oldest profile. */
@Command(name = "merge", footer = {"", "Examples:", "  cdp merge p-1001 p-1003"},
    description = "Merge profiles into the oldest of them.")
final class MergeCommand extends Base {
  @Parameters(arity = "2..*", paramLabel = "ID", description = "Two or more profile ids or type:value identifiers.")
  List<String> ids;

  @Override
  public Integer call() {
    try (Session session = root().open()) {
      List<String> profileIds = ids.stream().map(id -> resolve(session.cdp, id).id()).toList();
      Profile survivor = session.cdp.merge(profileIds, "cli");
      ObjectNode json = Json.object();
      json.put("survivor", survivor.id());
      json.set("merged_ids", Json.strings(new TreeSet<>(survivor.mergedIds())));
      return print(json, "merged into " + survivor.id() + " (holds " + new TreeSet<>(survivor.mergedIds()) + ")");
    }
  }
}
