package io.cdpkit.app.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdpkit.core.InvalidInputException;
import io.cdpkit.core.Page;
import io.cdpkit.core.exchange.DataFormat;
import io.cdpkit.core.exchange.ExportOptions;
import io.cdpkit.core.exchange.ProfileExporter;
import io.cdpkit.segments.Explanation;
import io.cdpkit.segments.SavedSegment;
import io.cdpkit.segments.SegmentSummary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cdp segment count|members|explain|save|update|rename|duplicate|delete|list|export}. An
 * {@code EXPR_OR_NAME} argument is a saved segment's name or an expression, by {@link SegmentRef}'s
 * one rule.
 */
@Command(
    name = "segment",
    description = "Count, list, explain, save, change, delete and export segments.",
    footer = {"", "EXPR_OR_NAME is a saved segment's name or a segment expression; a name that"
        + " reads as an expression is refused when saved.", "", "Examples:",
        "  cdp segment count 'age >= 21 and event \"purchase\" in the last 30 days'",
        "  cdp segment save buyers 'event \"purchase\" at least 2'",
        "  cdp segment members buyers --json"},
    subcommands = {
      SegmentCommand.Count.class,
      SegmentCommand.Members.class,
      SegmentCommand.Explain.class,
      SegmentCommand.Save.class,
      SegmentCommand.Update.class,
      SegmentCommand.Rename.class,
      SegmentCommand.Duplicate.class,
      SegmentCommand.Delete.class,
      SegmentCommand.ListSegments.class,
      SegmentCommand.Export.class
    })
final class SegmentCommand {
  private static final int PAGE = 1_000;

  private SegmentCommand() {}

  /** The member ids, sorted by id, of a saved segment or an expression. */
  static List<String> members(Session session, String exprOrName) {
    if (!SegmentRef.of(session.segments, exprOrName).saved()) {
      return session.segments.matching(exprOrName);
    }
    List<String> ids = new ArrayList<>();
    String cursor = null;
    do {
      Page<String> page = session.segments.members(exprOrName, PAGE, cursor);
      ids.addAll(page.items());
      cursor = page.next();
    } while (cursor != null);
    return ids;
  }

  /** A saved segment's member ids, read {@link #PAGE} at a time as they are consumed. */
  private static final class MemberPages implements Iterator<String> {
    private final Session session;
    private final String name;
    private Iterator<String> page = Collections.emptyIterator();
    private @Nullable String cursor;
    private boolean last;

    MemberPages(Session session, String name) {
      this.session = session;
      this.name = name;
    }

    @Override
    public boolean hasNext() {
      while (!page.hasNext() && !last) {
        Page<String> next = session.segments.members(name, PAGE, cursor);
        page = next.items().iterator();
        cursor = next.next();
        last = cursor == null;
      }
      return page.hasNext();
    }

    @Override
    public String next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return page.next();
    }
  }

  @Command(name = "count", description = "How many profiles are in a segment or match an expression.")
  static final class Count extends Base {
    @Parameters(paramLabel = "EXPR_OR_NAME")
    String segment;

    @Override
    public Integer call() {
      try (Session session = root().open()) {
        long count =
            SegmentRef.of(session.segments, segment).saved()
                ? session.segments.count(segment)
                : session.segments.countMatching(segment);
        ObjectNode json = Json.object();
        json.put("count", count);
        return print(json, Long.toString(count));
      }
    }
  }

  @Command(name = "members", description = "The ids of a segment's members, sorted.")
  static final class Members extends Base {
    @Parameters(paramLabel = "EXPR_OR_NAME")
    String segment;

    @Override
    public Integer call() {
      try (Session session = root().open()) {
        List<String> members = members(session, segment);
        ObjectNode json = Json.object();
        json.put("count", members.size());
        json.set("members", Json.strings(members));
        StringBuilder text = new StringBuilder();
        members.forEach(id -> text.append(id).append(System.lineSeparator()));
        text.append(Words.count(members.size(), "member", "members"));
        return print(json, text.toString());
      }
    }
  }

  @Command(name = "explain", description = "Why a profile is in or out of a segment.")
  static final class Explain extends Base {
    @Parameters(index = "0", paramLabel = "EXPR_OR_NAME")
    String segment;

    @Parameters(index = "1", paramLabel = "PROFILE", description = "A profile id or type:value.")
    String profile;

    @Override
    public Integer call() {
      try (Session session = root().open()) {
        SegmentRef.of(session.segments, segment);
        String id = resolve(session.cdp, profile).id();
        Explanation explanation = session.segments.explain(id, segment);
        ObjectNode json = tree(explanation);
        json.put("profile_id", id);
        return print(json, explanation.render().stripTrailing());
      }
    }

    private static ObjectNode tree(Explanation explanation) {
      ObjectNode node = Json.object();
      node.put("expression", explanation.expression());
      node.put("value", explanation.value());
      node.put("detail", explanation.detail());
      ArrayNode children = node.putArray("children");
      explanation.children().forEach(child -> children.add(tree(child)));
      return node;
    }
  }

  @Command(name = "save", description = "Save a segment under a name.")
  static final class Save extends Base {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Parameters(index = "1", paramLabel = "EXPR")
    String expression;

    @Option(names = "--description", paramLabel = "TEXT")
    @Nullable String description;

    @Override
    public Integer call() {
      SegmentRef.checkNewName("NAME", name);
      try (Session session = root().open()) {
        SavedSegment saved = session.segments.save(name, expression, description);
        long count = session.segments.count(name);
        ObjectNode json = Json.object();
        json.put("name", saved.name());
        json.put("expression", saved.expression());
        json.put("count", count);
        return print(json, "saved " + saved.name() + " with " + count + " members");
      }
    }
  }

  @Command(name = "update", description = "Change a saved segment's expression (and description);"
      + " membership is recomputed.")
  static final class Update extends Base {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Parameters(index = "1", paramLabel = "EXPR")
    String expression;

    @Option(names = "--description", paramLabel = "TEXT", description = "Default: the current one.")
    @Nullable String description;

    @Override
    public Integer call() {
      try (Session session = root().open()) {
        String kept = description != null ? description : session.segments.get(name).description();
        SavedSegment saved = session.segments.update(name, expression, kept);
        long count = session.segments.count(name);
        ObjectNode json = Json.object().put("name", saved.name()).put("expression", saved.expression())
            .put("count", count);
        return print(json, "updated " + saved.name() + ": " + Words.count(count, "member", "members"));
      }
    }
  }

  @Command(name = "rename", description = "Rename a saved segment (refused while a workflow or sync uses it).")
  static final class Rename extends Base {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Parameters(index = "1", paramLabel = "NEW_NAME")
    String newName;

    @Mixin SyncsFileOption syncsFile = new SyncsFileOption();

    @Override
    public Integer call() {
      SegmentRef.checkNewName("NEW_NAME", newName);
      try (Session session = root().openWithSyncs(syncsFile, builder -> {})) {
        SavedSegment renamed = session.segments.rename(name, newName);
        return print(Json.object().put("renamed", name).put("name", renamed.name()),
            "renamed " + name + " to " + renamed.name());
      }
    }
  }

  @Command(name = "duplicate", description = "Save a copy of a saved segment under another name.")
  static final class Duplicate extends Base {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Parameters(index = "1", paramLabel = "NEW_NAME")
    String newName;

    @Override
    public Integer call() {
      SegmentRef.checkNewName("NEW_NAME", newName);
      try (Session session = root().open()) {
        SavedSegment copy = session.segments.duplicate(name, newName);
        long count = session.segments.count(copy.name());
        return print(Json.object().put("name", copy.name()).put("expression", copy.expression())
            .put("count", count), "saved " + copy.name() + " as a copy of " + name + " with "
            + Words.count(count, "member", "members"));
      }
    }
  }

  @Command(name = "delete", description = "Delete a saved segment; refused, with the users named,"
      + " while a segment, workflow or sync uses it.")
  static final class Delete extends Base {
    @Parameters(paramLabel = "NAME")
    String name;

    @Option(names = "--yes", description = "Do it without asking.")
    boolean yes;

    @Mixin SyncsFileOption syncsFile = new SyncsFileOption();

    @Override
    public Integer call() {
      try (Session session = root().openWithSyncs(syncsFile, builder -> {})) {
        session.segments.get(name);
        Confirmation.require(spec, yes, "delete segment " + name);
        session.segments.delete(name);
        return print(Json.object().put("deleted", name), "deleted segment " + name);
      }
    }
  }

  @Command(name = "list", description = "Every saved segment with its member count.")
  static final class ListSegments extends Base {
    @Override
    public Integer call() {
      try (Session session = root().open()) {
        List<SegmentSummary> summaries = session.segments.list();
        ObjectNode json = Json.object();
        ArrayNode segments = json.putArray("segments");
        StringBuilder text = new StringBuilder();
        for (SegmentSummary summary : summaries) {
          segments.addObject()
              .put("name", summary.segment().name())
              .put("expression", summary.segment().expression())
              .put("count", summary.members());
          text.append(String.format("%-24s %8d  %s%n", summary.segment().name(), summary.members(),
              summary.segment().expression()));
        }
        text.append(Words.count(summaries.size(), "segment", "segments"));
        return print(json, text.toString());
      }
    }
  }

  @Command(name = "export", description = "Write the members of a saved segment, or the profiles an"
      + " expression matches, to a CSV or JSON Lines file.",
      footer = {"", "Examples:",
          "  cdp segment export buyers --out buyers.csv --columns 'id,$identifier.email'",
          "  cdp segment export 'age >= 21' --out adults.jsonl"})
  static final class Export extends Base {
    @Parameters(paramLabel = "EXPR_OR_NAME")
    String name;

    @Option(names = "--out", required = true, paramLabel = "FILE")
    Path file;

    @Option(names = "--format", paramLabel = "csv|jsonl", description = "By default from the file name.")
    @Nullable String format;

    @Option(names = "--columns", split = ",", paramLabel = "COLUMN",
        description = "CSV columns: id, attribute names, $identifier.TYPE, $created_at, $updated_at.")
    List<String> columns = List.of();

    @Override
    public Integer call() {
      columns.forEach(Export::checkColumn);
      try (Session session = root().open()) {
        // A saved segment's members are read a page at a time while writing: memory holds a
        // page, not the segment. An expression's matches come as one answer.
        long total;
        Iterator<String> ids;
        if (SegmentRef.of(session.segments, name).saved()) {
          total = session.segments.count(name);
          ids = new MemberPages(session, name);
        } else {
          List<String> matching = session.segments.matching(name);
          total = matching.size();
          ids = matching.iterator();
        }
        DataFormat chosen =
            format == null ? DataFormat.fromFileName(file.toString()) : ImportCommand.parseFormat(format);
        long written;
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
            Progress progress = Progress.start(root(), "export " + name, total)) {
          written =
              ProfileExporter.of(session.cdp)
                  .exportDistinct(ids, out,
                      ExportOptions.of(chosen).withColumns(columns).withProgress(progress::stepTo));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        ObjectNode json = Json.object();
        json.put("segment", name);
        json.put("exported", written);
        json.put("file", file.toString());
        return print(json, "exported " + Words.count(written, "profile", "profiles") + " to " + file);
      }
    }

    /** Refuses a column no profile could fill, rather than exporting it empty. */
    private static void checkColumn(String column) {
      if (!column.matches("id|\\$created_at|\\$updated_at|\\$identifier\\.[a-z][a-z0-9_]*"
          + "|[\\p{L}_][\\p{L}\\p{N}_.-]*")) {
        throw new InvalidInputException("--columns", column, "must be id, $created_at, $updated_at,"
            + " $identifier.TYPE or an attribute name (letters, digits, _ . -)");
      }
    }
  }
}
