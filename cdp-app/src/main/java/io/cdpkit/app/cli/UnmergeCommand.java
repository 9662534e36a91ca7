package io.cdpkit.app.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdpkit.core.profile.Profile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code cdp unmerge ID}: takes a merged-away profile back out of its survivor. */
@Command(name = "unmerge", footer = {"", "Examples:", "  cdp unmerge p-1003"},
    description = "Take a merged-away profile back out of its survivor.")
final class UnmergeCommand extends Base {
  @Parameters(paramLabel = "ID", description = "The id of the profile that was merged away.")
  String id;

  @Override
  public Integer call() {
    try (Session session = root().open()) {
      Profile restored = session.cdp.unmerge(id, "cli");
      ObjectNode json = Json.object();
      json.put("restored", restored.id());
      return print(json, "restored " + restored.id());
    }
  }
}
