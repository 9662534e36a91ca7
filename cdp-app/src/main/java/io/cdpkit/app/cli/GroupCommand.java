package io.cdpkit.app.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdpkit.core.Page;
import io.cdpkit.segments.SegmentNotFoundException;
import io.cdpkit.segments.StaticGroup;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cdp group create|add|add-matching|remove|members|list|delete}: static groups, the hand-picked
 * lists that {@code in group "NAME"} reads. Profiles are named by id or {@code type:value}.
 */
@Command(
    name = "group",
    footer = {"", "Examples:", "  cdp group create vip", "  cdp group add vip email:ann@example.com p-1003", "  cdp group add-matching vip 'age >= 40'"},
    description = "Create static groups and add or remove their members.",
    subcommands = {
      GroupCommand.Create.class,
      GroupCommand.Add.class,
      GroupCommand.AddMatching.class,
      GroupCommand.Remove.class,
      GroupCommand.Members.class,
      GroupCommand.ListGroups.class,
      GroupCommand.Delete.class
    })
final class GroupCommand {
  private static final int PAGE = 1_000;

  private GroupCommand() {}

  @Command(name = "create", description = "Create an empty static group.")
  static final class Create extends Base {
    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    public Integer call() {
      try (Session session = root().open()) {
        StaticGroup group = session.segments.createGroup(name);
        return print(Json.object().put("group", group.name()), "created group " + group.name());
      }
    }
  }

  @Command(name = "add", description = "Add profiles to a group.")
  static final class Add extends Base {
    @Parameters(index = "0", paramLabel = "GROUP")
    String group;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "PROFILE", description = "Profile ids or type:value identifiers.")
    List<String> profiles;

    @Override
    public Integer call() {
      try (Session session = root().open()) {
        List<String> ids = profiles.stream().map(p -> resolve(session.cdp, p).id()).toList();
        long added = session.segments.addToGroup(group, ids);
        return print(Json.object().put("group", group).put("added", added), "added " + added + " to " + group);
      }
    }
  }

  @Command(name = "add-matching", description = "Add every profile matching an expression or saved segment now.")
  static final class AddMatching extends Base {
    @Parameters(index = "0", paramLabel = "GROUP")
    String group;

    @Parameters(index = "1", paramLabel = "EXPR_OR_NAME")
    String segment;

    @Override
    public Integer call() {
      try (Session session = root().open()) {
        List<String> ids = SegmentCommand.members(session, segment);
        long added = session.segments.addToGroup(group, ids);
        return print(Json.object().put("group", group).put("added", added), "added " + added + " to " + group);
      }
    }
  }

  @Command(name = "remove", description = "Remove profiles from a group.")
  static final class Remove extends Base {
    @Parameters(index = "0", paramLabel = "GROUP")
    String group;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "PROFILE", description = "Profile ids or type:value identifiers.")
    List<String> profiles;

    @Override
    public Integer call() {
      try (Session session = root().open()) {
        List<String> ids = profiles.stream().map(p -> resolve(session.cdp, p).id()).toList();
        long removed = session.segments.removeFromGroup(group, ids);
        return print(Json.object().put("group", group).put("removed", removed),
            "removed " + removed + " from " + group);
      }
    }
  }

  @Command(name = "members", description = "The ids of a group's members, sorted.")
  static final class Members extends Base {
    @Parameters(paramLabel = "GROUP")
    String group;

    @Override
    public Integer call() {
      try (Session session = root().open()) {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        do {
          Page<String> page = session.segments.groupMembers(group, PAGE, cursor);
          ids.addAll(page.items());
          cursor = page.next();
        } while (cursor != null);
        ObjectNode json = Json.object().put("count", ids.size());
        json.set("members", Json.strings(ids));
        StringBuilder text = new StringBuilder();
        ids.forEach(id -> text.append(id).append(System.lineSeparator()));
        text.append(ids.size()).append(" members");
        return print(json, text.toString());
      }
    }
  }

  @Command(name = "list", description = "Every static group with its member count.")
  static final class ListGroups extends Base {
    @Override
    public Integer call() {
      try (Session session = root().open()) {
        List<StaticGroup> groups = session.segments.groups();
        ObjectNode json = Json.object();
        ArrayNode list = json.putArray("groups");
        StringBuilder text = new StringBuilder();
        for (StaticGroup group : groups) {
          list.addObject().put("name", group.name()).put("members", group.members());
          text.append(String.format("%-24s %8d%n", group.name(), group.members()));
        }
        text.append(Words.count(groups.size(), "group", "groups"));
        return print(json, text.toString());
      }
    }
  }

  @Command(name = "delete", description = "Delete a static group; refused, with the users named,"
      + " while a segment or workflow reads it.")
  static final class Delete extends Base {
    @Parameters(paramLabel = "GROUP")
    String group;

    @Option(names = "--yes", description = "Do it without asking.")
    boolean yes;

    @Override
    public Integer call() {
      try (Session session = root().open()) {
        if (session.segments.groups().stream().noneMatch(g -> g.name().equals(group))) {
          throw new SegmentNotFoundException("group", group);
        }
        Confirmation.require(spec, yes, "delete group " + group + " and its member list");
        session.segments.deleteGroup(group);
        return print(Json.object().put("deleted", group), "deleted group " + group);
      }
    }
  }
}
