package io.cdpkit.core.exchange;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdpkit.core.Cdp;
import io.cdpkit.core.Page;
import io.cdpkit.core.identity.ProfileIdentifier;
import io.cdpkit.core.spi.AttributeJson;
import io.cdpkit.core.profile.AttributeValue;
import io.cdpkit.core.profile.ObjectValue;
import io.cdpkit.core.profile.Profile;
import io.cdpkit.core.profile.ProfileQuery;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Exports profiles, all of them or a list of ids (such as a segment's members), as CSV or JSON
 * Lines, streaming a page at a time. CSV columns are {@code id}, {@code $created_at}, {@code
 * $updated_at}, {@code $identifier.TYPE} (the main identifier of the type), an attribute name or
 * dotted path ({@code address.city}; non-text values as JSON), or a column of a registered {@link
 * ColumnSource} (such as {@code $computed.NAME}); the default columns are {@code id,
 * $identifier.email, $identifier.phone, $created_at}. JSON Lines rows have the profile shape of
 * {@code data-formats.md}, which {@link ProfileImporter} reads back. Immutable and thread-safe.
 *
 * <pre>{@code
 * try (Writer out = Files.newBufferedWriter(Path.of("profiles.csv"))) {
 *   ProfileExporter.of(cdp).exportAll(out,
 *       ExportOptions.of(DataFormat.CSV).withColumns(List.of("id", "$identifier.email", "age")));
 * }
 * }</pre>
 */
public final class ProfileExporter {
  /** The CSV columns when none are chosen. */
  public static final List<String> DEFAULT_COLUMNS =
      List.of("id", "$identifier.email", "$identifier.phone", "$created_at");

  private static final int PAGE = 1_000;
  private static final String IDENTIFIER_PREFIX = "$identifier.";
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** Supplies the values of columns whose names start with a prefix, such as {@code $computed.}. */
  @FunctionalInterface
  public interface ColumnSource {
    /** The column's value for the profile; empty for an empty cell. */
    Optional<AttributeValue> value(Profile profile, String column);
  }

  private final Cdp cdp;
  private final Map<String, ColumnSource> sources;

  private ProfileExporter(Cdp cdp, Map<String, ColumnSource> sources) {
    this.cdp = cdp;
    this.sources = Map.copyOf(sources);
  }

  public static ProfileExporter of(Cdp cdp) {
    return new ProfileExporter(Objects.requireNonNull(cdp, "cdp"), Map.of());
  }

  /** A copy that takes columns starting with {@code prefix} from {@code source}. */
  public ProfileExporter withColumns(String prefix, ColumnSource source) {
    if (Objects.requireNonNull(prefix, "prefix").isEmpty()) {
      throw new IllegalArgumentException("prefix must not be empty");
    }
    Map<String, ColumnSource> more = new LinkedHashMap<>(sources);
    more.put(prefix, Objects.requireNonNull(source, "source"));
    return new ProfileExporter(cdp, more);
  }

  /**
   * Writes every profile, by id; does not close {@code out}.
   *
   * @return the number of profiles written
   * @throws java.io.UncheckedIOException when writing fails
   */
  public long exportAll(Writer out, ExportOptions options) {
    Sink sink = new Sink(out, options);
    ProfileQuery query = ProfileQuery.firstPage(PAGE).sortedBy(ProfileQuery.ID, false);
    while (true) {
      Page<Profile> page = cdp.profiles(query);
      page.items().forEach(sink::write);
      if (!page.hasNext()) {
        return sink.writer.finish();
      }
      query = query.after(page);
    }
  }

  /**
   * Writes the profiles with these ids (or ids merged into them), in the order given, each once;
   * ids no profile answers to (erased since they were listed, say) are skipped.
   *
   * @return the number of profiles written
   */
  public long export(Collection<String> profileIds, Writer out, ExportOptions options) {
    Objects.requireNonNull(profileIds, "profileIds");
    Sink sink = new Sink(out, options);
    Set<String> written = new java.util.HashSet<>();
    for (String id : profileIds) {
      cdp.findProfile(id).filter(p -> written.add(p.id())).ifPresent(sink::write);
    }
    return sink.writer.finish();
  }

  /**
   * Writes the profiles with these distinct ids (a segment's or group's members, read page by
   * page), in the order given, holding one profile at a time: memory does not grow with the number
   * of ids. An id that no longer names a profile of its own (erased, or merged into another since
   * it was listed) is skipped; does not close {@code out}.
   *
   * @return the number of profiles written
   * @throws java.io.UncheckedIOException when writing fails
   */
  public long exportDistinct(Iterator<String> profileIds, Writer out, ExportOptions options) {
    Objects.requireNonNull(profileIds, "profileIds");
    Sink sink = new Sink(out, options);
    while (profileIds.hasNext()) {
      String id = profileIds.next();
      cdp.findProfile(id).filter(p -> p.id().equals(id)).ifPresent(sink::write);
    }
    return sink.writer.finish();
  }

  /** The cell of one CSV column for a profile. */
  private String cell(Profile profile, String column) {
    switch (column) {
      case "id":
      case ProfileQuery.ID:
        return profile.id();
      case ProfileQuery.CREATED_AT:
        return profile.createdAt().toString();
      case "$updated_at":
        return profile.updatedAt().toString();
      default:
        break;
    }
    if (column.startsWith(IDENTIFIER_PREFIX)) {
      return profile.mainIdentifier(column.substring(IDENTIFIER_PREFIX.length()))
          .map(i -> i.value())
          .orElse("");
    }
    for (Map.Entry<String, ColumnSource> source : sources.entrySet()) {
      if (column.startsWith(source.getKey())) {
        return source.getValue().value(profile, column).map(Cells::format).orElse("");
      }
    }
    return path(profile.attributes(), column).map(Cells::format).orElse("");
  }

  private static Optional<AttributeValue> path(ObjectValue attributes, String path) {
    Optional<AttributeValue> whole = attributes.get(path);
    if (whole.isPresent() || path.indexOf('.') < 0) {
      return whole;
    }
    AttributeValue current = attributes;
    for (String part : path.split("\\.", -1)) {
      if (!(current instanceof ObjectValue object)) {
        return Optional.empty();
      }
      Optional<AttributeValue> next = object.get(part);
      if (next.isEmpty()) {
        return Optional.empty();
      }
      current = next.get();
    }
    return Optional.of(current);
  }

  private final class Sink {
    final RowWriter writer;
    final DataFormat format;
    final List<String> columns;
    final Set<String> attributeFilter;

    Sink(Writer out, ExportOptions options) {
      Objects.requireNonNull(out, "out");
      Objects.requireNonNull(options, "options");
      format = options.format();
      columns = options.columns().isEmpty() ? DEFAULT_COLUMNS : options.columns();
      attributeFilter = new TreeSet<>();
      for (String column : options.columns()) {
        if (!column.startsWith("$") && !column.equals("id")) {
          attributeFilter.add(column);
        }
      }
      writer =
          format == DataFormat.CSV
              ? RowWriter.csv(out, columns, options.separator(), options.progress())
              : RowWriter.jsonLines(out, options.progress());
    }

    void write(Profile profile) {
      if (format == DataFormat.CSV) {
        List<String> cells = new ArrayList<>(columns.size());
        for (String column : columns) {
          cells.add(cell(profile, column));
        }
        writer.csvRow(cells);
        return;
      }
      ObjectNode row = NODES.objectNode();
      row.put("id", profile.id());
      ArrayNode identifiers = row.putArray("identifiers");
      for (ProfileIdentifier identifier : profile.identifiers()) {
        identifiers.addObject().put("type", identifier.type()).put("value", identifier.value());
      }
      ObjectNode attributes = row.putObject("attributes");
      for (Map.Entry<String, AttributeValue> field : profile.attributes().fields().entrySet()) {
        if (attributeFilter.isEmpty() || attributeFilter.contains(field.getKey())) {
          attributes.set(field.getKey(), AttributeJson.toNode(field.getValue()));
        }
      }
      row.put("created_at", profile.createdAt().toString());
      writer.jsonRow(row);
    }
  }
}
