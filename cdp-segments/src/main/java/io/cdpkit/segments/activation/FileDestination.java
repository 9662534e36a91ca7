package io.cdpkit.segments.activation;

import io.cdpkit.core.delivery.DeliveryOutcome;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Writes CSV files into a directory: the snapshot {@code SEGMENT.DESTINATION.snapshot.csv} (every
 * member, written when its last part arrives) and a change file {@code
 * SEGMENT.DESTINATION.changes-NNNNNN.csv} per batch of changes (NNNNNN its sequence). Columns:
 * {@code change} ({@code added} or {@code removed}), {@code profile_id}, then each identifier
 * field's key. Every file appears whole, by an atomic rename; a batch whose file exists already is
 * acknowledged without writing it again. Thread-safe.
 */
public final class FileDestination implements SegmentDestination {
  /** Quotes only cells that need it (a comma, a quote, a line break), so ids and emails stay bare. */
  private static final CsvMapper CSV =
      CsvMapper.builder().enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING).build();

  private final String name;
  private final Path directory;
  private final List<IdentifierField> fields;
  private final @Nullable String consentChannel;

  private FileDestination(Builder builder) {
    this.name = builder.name;
    this.directory = builder.directory;
    this.fields = List.copyOf(builder.fields);
    this.consentChannel = builder.consentChannel;
  }

  public static Builder builder(String name, Path directory) {
    return new Builder(name, directory);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public List<IdentifierField> fields() {
    return fields;
  }

  @Override
  public Optional<String> consentChannel() {
    return Optional.ofNullable(consentChannel);
  }

  /** The snapshot file of a segment. */
  public Path snapshotFile(String segment) {
    return directory.resolve(prefix(segment) + "snapshot.csv");
  }

  /** The change file of a batch. */
  public Path changeFile(String segment, long sequence) {
    return directory.resolve(prefix(segment) + String.format("changes-%06d.csv", sequence));
  }

  /** The change files written for a segment, in sequence order. */
  public List<Path> changeFiles(String segment) {
    String prefix = prefix(segment) + "changes-";
    try (Stream<Path> files = Files.list(directory)) {
      return files.filter(p -> p.getFileName().toString().startsWith(prefix)
              && p.getFileName().toString().endsWith(".csv"))
          .sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Path partFile(String segment, long sequence) {
    return directory.resolve(prefix(segment) + String.format("snapshot-part-%06d.csv", sequence));
  }

  private String prefix(String segment) {
    return safe(segment) + "." + name + ".";
  }

  private static String safe(String text) {
    return text.replaceAll("[^A-Za-z0-9_-]", "_");
  }

  @Override
  public synchronized DeliveryOutcome deliver(SyncBatch batch) {
    try {
      Files.createDirectories(directory);
      if (batch.kind() == SyncBatch.Kind.CHANGES) {
        Path target = changeFile(batch.segment(), batch.sequence());
        if (!Files.exists(target)) {
          writeAtomically(target, rows(batch), true);
        }
        return DeliveryOutcome.delivered();
      }
      Path part = partFile(batch.segment(), batch.sequence());
      if (!Files.exists(part)) {
        writeAtomically(part, rows(batch), false);
      }
      if (batch.lastPart()) {
        publishSnapshot(batch.segment());
      }
      return DeliveryOutcome.delivered();
    } catch (IOException | UncheckedIOException e) {
      return DeliveryOutcome.retryable("cannot write in " + directory + ": " + e);
    }
  }

  private void publishSnapshot(String segment) throws IOException {
    String partPrefix = prefix(segment) + "snapshot-part-";
    List<Path> parts;
    try (Stream<Path> files = Files.list(directory)) {
      parts = files.filter(p -> p.getFileName().toString().startsWith(partPrefix)).sorted().toList();
    }
    Path snapshot = snapshotFile(segment);
    Path temporary = directory.resolve(snapshot.getFileName() + ".tmp");
    try (Writer out = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
      out.write(String.join(",", columns()) + "\n");
      for (Path part : parts) {
        for (String line : Files.readAllLines(part, StandardCharsets.UTF_8)) {
          out.write(line + "\n");
        }
      }
    }
    Files.move(temporary, snapshot, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    for (Path part : parts) {
      Files.delete(part);
    }
  }

  private List<String> columns() {
    List<String> columns = new ArrayList<>(List.of("change", "profile_id"));
    fields.forEach(f -> columns.add(f.key()));
    return columns;
  }

  private List<Map<String, String>> rows(SyncBatch batch) {
    List<Map<String, String>> rows = new ArrayList<>();
    batch.added().forEach(m -> rows.add(row("added", m)));
    batch.removed().forEach(m -> rows.add(row("removed", m)));
    return rows;
  }

  private Map<String, String> row(String change, SyncMember member) {
    Map<String, String> row = new LinkedHashMap<>();
    row.put("change", change);
    row.put("profile_id", member.profileId());
    for (IdentifierField field : fields) {
      row.put(field.key(), member.identifiers().getOrDefault(field.key(), ""));
    }
    return row;
  }

  private void writeAtomically(Path target, List<Map<String, String>> rows, boolean header)
      throws IOException {
    CsvSchema.Builder schema = CsvSchema.builder();
    columns().forEach(schema::addColumn);
    Path temporary = directory.resolve(target.getFileName() + ".tmp");
    try (Writer out = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8);
        SequenceWriter writer = CSV.writer(schema.build().withUseHeader(header)).writeValues(out)) {
      for (Map<String, String> row : rows) {
        writer.write(row);
      }
    }
    Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Configures a {@link FileDestination}. Not thread-safe. */
  public static final class Builder {
    private final String name;
    private final Path directory;
    private List<IdentifierField> fields = List.of(IdentifierField.plain("email"));
    private @Nullable String consentChannel;

    private Builder(String name, Path directory) {
      this.name = Objects.requireNonNull(name, "name");
      this.directory = Objects.requireNonNull(directory, "directory");
    }

    /** The identifiers written per member; the plain main email by default. */
    public Builder fields(IdentifierField... identifierFields) {
      this.fields = List.of(identifierFields);
      return this;
    }

    /** The consent channel checked (see {@link SegmentDestination#consentChannel()}). */
    public Builder consentChannel(String channel) {
      this.consentChannel = Objects.requireNonNull(channel, "channel");
      return this;
    }

    public FileDestination build() {
      return new FileDestination(this);
    }
  }
}
