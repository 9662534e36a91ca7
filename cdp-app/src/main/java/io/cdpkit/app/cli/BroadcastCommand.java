package io.cdpkit.app.cli;

import io.cdpkit.core.InvalidInputException;
import io.cdpkit.workflows.Audience;
import io.cdpkit.workflows.BroadcastResult;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cdp broadcast WORKFLOW --segment NAME|--group NAME}: start a workflow once for everyone
 * in a saved segment or static group now; the steps run on {@code cdp run} or {@code cdp serve}.
 */
@Command(name = "broadcast",
    description = "Start a workflow once, now, for every member of a saved segment or static group;"
        + " its steps run on the next cdp run (or cdp serve).",
    footer = {"", "Examples:", "  cdp broadcast newsletter --segment buyers",
        "  cdp broadcast newsletter --group vip && cdp run"})
final class BroadcastCommand extends Base {
  @Parameters(paramLabel = "WORKFLOW")
  String workflow;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Target target;

  static final class Target {
    @Option(names = "--segment", required = true, paramLabel = "NAME",
        description = "A saved segment's name; an expression is refused (save it first), since a"
            + " broadcast records whom it went to by name.")
    @Nullable String segment;

    @Option(names = "--group", required = true, paramLabel = "NAME", description = "A static group's name.")
    @Nullable String group;
  }

  @Override
  public Integer call() {
    Audience audience = target.segment != null
        ? Audience.segment(target.segment) : Audience.group(target.group);
    try (Session session = root().open()) {
      if (target.segment != null && !SegmentRef.of(session.segments, target.segment).saved()) {
        throw new InvalidInputException("--segment", target.segment, "is an expression; a broadcast"
            + " goes to a saved segment: save it first (cdp segment save NAME EXPRESSION)");
      }
      BroadcastResult result = session.platform.workflows().broadcast(workflow, audience);
      String kind = audience.kind().name().toLowerCase(java.util.Locale.ROOT);
      return print(Json.object().put("workflow", workflow).put(kind, audience.name())
              .put("members", result.members()).put("enrolled", result.enrolled())
              .put("refused", result.refused()),
          "broadcast " + workflow + " to " + kind + " " + audience.name() + ": "
              + Words.count(result.members(), "member", "members") + ", " + result.enrolled()
              + " enrolled, " + result.refused() + " refused (consent or re-entry);"
              + " the steps run on the next cdp run");
    }
  }
}
