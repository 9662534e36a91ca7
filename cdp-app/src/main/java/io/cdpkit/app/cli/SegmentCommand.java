package io.cdpkit.app.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cdp segment count|members|explain|save|list|export}. Where an argument is {@code
 * EXPR_OR_NAME}, a saved segment's name is looked up first, else the text is an expression.
 */
@Command(
    name = "segment",
    description = "Count, list, explain, save and export segments.",
    subcommands = {
      SegmentCommand.Count.class,
      SegmentCommand.Members.class,
      SegmentCommand.Explain.class,
      SegmentCommand.Save.class,
      SegmentCommand.ListSegments.class,
      SegmentCommand.Export.class
    })
final class SegmentCommand {
  private static final int PAGE = 1_000;

  private SegmentCommand() {}

  /** The member ids, sorted by id, of a saved segment or an expression. */
  static List<String> members(Session session, String exprOrName) {
    if (session.segments.find(exprOrName).isEmpty()) {
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
            session.segments.find(segment).isPresent()
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
        text.append(members.size()).append(" members");
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
        text.append(summaries.size()).append(" segments");
        return print(json, text.toString());
      }
    }
  }

  @Command(name = "export", description = "Write a segment's members to a CSV or JSON Lines file.")
  static final class Export extends Base {
    @Parameters(paramLabel = "NAME")
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
      try (Session session = root().open()) {
        session.segments.get(name);
        long total = session.segments.list().stream()
            .filter(summary -> summary.segment().name().equals(name))
            .mapToLong(SegmentSummary::members).findFirst().orElse(0);
        DataFormat chosen =
            format == null ? DataFormat.fromFileName(file.toString()) : ImportCommand.parseFormat(format);
        long written;
        // Members are read a page at a time while writing: memory holds a page, not the segment.
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
            Progress progress = Progress.start(root(), "export " + name, total)) {
          written =
              ProfileExporter.of(session.cdp)
                  .exportDistinct(new MemberPages(session, name), out,
                      ExportOptions.of(chosen).withColumns(columns).withProgress(progress::stepTo));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        ObjectNode json = Json.object();
        json.put("segment", name);
        json.put("exported", written);
        json.put("file", file.toString());
        return print(json, "exported " + written + " profiles to " + file);
      }
    }
  }
}
