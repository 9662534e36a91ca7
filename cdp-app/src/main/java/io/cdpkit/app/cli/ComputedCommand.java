package io.cdpkit.app.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdpkit.segments.insights.ComputedAttribute;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code cdp computed define|list|delete}: computed attribute definitions kept in the database,
 * so that {@code $computed.NAME} reads the same in every later command, {@code cdp serve} and any
 * app on the database.
 */
@Command(
    name = "computed",
    description = "Define, list and delete the computed attributes stored in the database.",
    footer = {"", "Examples:",
        "  cdp computed define ltv=sum:purchase:amount",
        "  cdp segment count '$computed.ltv > 25'",
        "  cdp computed list",
        "  cdp computed delete ltv"},
    subcommands = {
      ComputedCommand.Define.class,
      ComputedCommand.ListDefinitions.class,
      ComputedCommand.Delete.class
    })
final class ComputedCommand {

  private ComputedCommand() {}

  @Command(name = "define", description = "Define (or redefine) a computed attribute.")
  static final class Define extends Base {
    @Parameters(paramLabel = "DEF",
        description = "NAME=KIND:TYPE[:PROPERTY][@DAYS], e.g. ltv=sum:purchase:amount or"
            + " orders_30d=count:purchase@30; last_seen takes * for any type.")
    String definition;

    @Override
    public Integer call() {
      ComputedAttribute attribute = InsightsCommand.parseDefinition(definition);
      try (Session session = root().open()) {
        session.platform.computedDefinitions().save(attribute);
        return print(json(attribute), "defined $computed." + attribute.name());
      }
    }
  }

  @Command(name = "list", description = "The stored computed attributes, by name.")
  static final class ListDefinitions extends Base {
    @Override
    public Integer call() {
      try (Session session = root().open()) {
        ObjectNode json = Json.object();
        ArrayNode array = json.putArray("computed");
        List<List<String>> lines = new ArrayList<>();
        lines.add(List.of("name", "kind", "type", "property", "window"));
        for (ComputedAttribute attribute : session.platform.computedDefinitions().list()) {
          array.add(json(attribute));
          lines.add(List.of(attribute.name(), attribute.kind().name().toLowerCase(java.util.Locale.ROOT),
              text(attribute.eventType()), text(attribute.property()),
              attribute.window() == null ? "-" : attribute.window().toString()));
        }
        return print(json, InsightsCommand.table(lines));
      }
    }

    private static String text(String value) {
      return value == null ? "-" : value;
    }
  }

  @Command(name = "delete", description = "Delete a stored computed attribute.")
  static final class Delete extends Base {
    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    public Integer call() {
      try (Session session = root().open()) {
        if (!session.platform.computedDefinitions().delete(name)) {
          throw new IllegalArgumentException("no computed attribute is named " + name);
        }
        return print(Json.object().put("deleted", name), "deleted $computed." + name);
      }
    }
  }

  private static ObjectNode json(ComputedAttribute attribute) {
    ObjectNode json = Json.object();
    json.put("name", attribute.name());
    json.put("kind", attribute.kind().name().toLowerCase(java.util.Locale.ROOT));
    json.put("type", attribute.eventType());
    json.put("property", attribute.property());
    json.put("window", attribute.window() == null ? null : attribute.window().toString());
    return json;
  }
}
