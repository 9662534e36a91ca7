package io.cdpkit.core.exchange;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdpkit.core.Cdp;
import io.cdpkit.core.CdpException;
import io.cdpkit.core.InvalidInputException;
import io.cdpkit.core.identity.Identifier;
import io.cdpkit.core.spi.AttributeJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The streaming, batching and error reporting shared by the profile and event importers: rows
 * become requests (a bad row becomes a {@link RowError}); requests are stored a batch per
 * transaction; a batch the store refuses is retried row by row so that only the rows at fault are
 * reported. Strict imports store everything in one transaction, only when no row was bad.
 *
 * @param <R> the request type ({@code Identify} or {@code Track})
 */
abstract class Importer<R> {
  private static final ObjectMapper JSON = AttributeJson.mapper();
  /**
   * Stands for bytes that are not UTF-8: a noncharacter, which text never holds in practice (and a
   * row holding it is rejected either way).
   */
  static final char NOT_UTF8 = '\uFFFF';
  private static final String NOT_UTF8_REASON = "is not valid UTF-8 text";

  final Cdp cdp;

  Importer(Cdp cdp) {
    this.cdp = Objects.requireNonNull(cdp, "cdp");
  }

  /** A request from a CSV record, given what each column means. */
  abstract R fromCsv(List<ColumnMapping.Column> columns, List<String> headers, List<String> cells,
      ImportOptions options);

  /** A request from one JSON Lines object. */
  abstract R fromJson(JsonNode object, ImportOptions options);

  /** Checks the header's columns make sense together; a message when they do not. */
  abstract void checkHeader(List<ColumnMapping.Column> columns, List<String> headers);

  abstract boolean events();

  /**
   * Why requests of a batch cannot be stored, by their index in {@code requests}, found with a
   * few lookups for the whole batch rather than one per row. None by default.
   */
  Map<Integer, String> screen(List<R> requests) {
    return Map.of();
  }

  /** Stores the requests; returns how many of them were stored already (an event id seen before). */
  abstract int storeAll(List<R> requests);

  /** Stores one request; returns whether it was stored already. */
  abstract boolean storeOne(R request);

  final ImportReport run(Path file, ImportOptions options) {
    Objects.requireNonNull(file, "file");
    try (InputStream in = Files.newInputStream(file)) {
      return run(in, options);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads UTF-8, marking each malformed byte sequence with {@link #NOT_UTF8} so that only the row
   * holding it is rejected, not the rest of the file.
   */
  final ImportReport run(InputStream in, ImportOptions options) {
    Reader reader =
        new InputStreamReader(
            Objects.requireNonNull(in, "in"),
            StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE)
                .replaceWith(String.valueOf(NOT_UTF8)));
    return run(reader, options);
  }

  final ImportReport run(Reader in, ImportOptions options) {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(options, "options");
    Run run = new Run(options);
    try {
      if (options.format() == DataFormat.CSV) {
        readCsv(in, options, run);
      } else {
        readJsonLines(in, run);
      }
    } catch (IOException e) {
      run.errors.add(new RowError(Math.max(run.lastLine, 0), "unreadable input: " + reason(e)));
    }
    return run.finish();
  }

  private void readCsv(Reader in, ImportOptions options, Run run) throws IOException {
    try (CsvRows rows = new CsvRows(in, options.separator())) {
      CsvRows.Record header;
      try {
        header = rows.next();
      } catch (IOException e) {
        run.errors.add(new RowError(1, "malformed CSV: " + reason(e)));
        return;
      }
      if (header == null) {
        return;
      }
      List<String> headers = header.cells();
      if (String.join("", headers).indexOf(NOT_UTF8) >= 0) {
        run.errors.add(new RowError(header.line(), "the header " + NOT_UTF8_REASON));
        return;
      }
      List<ColumnMapping.Column> columns = new ArrayList<>(headers.size());
      Set<String> seen = new HashSet<>();
      for (String name : headers) {
        if (name.isEmpty()) {
          run.errors.add(new RowError(header.line(), "the header has an empty column name"));
          return;
        }
        if (!seen.add(name)) {
          run.errors.add(new RowError(header.line(), "the header names column \"" + name + "\" twice"));
          return;
        }
        columns.add(options.mapping().resolve(name, events()));
      }
      try {
        checkHeader(columns, headers);
      } catch (InvalidInputException e) {
        run.errors.add(new RowError(header.line(), e.getMessage()));
        return;
      }
      while (true) {
        CsvRows.Record record;
        try {
          record = rows.next();
        } catch (IOException e) {
          run.errors.add(new RowError(rows.currentLine(), "malformed CSV: " + reason(e)));
          return;
        }
        if (record == null) {
          return;
        }
        run.lastLine = record.line();
        run.read++;
        if (record.cells().size() != headers.size()) {
          run.reject(record.line(),
              "has " + record.cells().size() + " fields, the header has " + headers.size());
          continue;
        }
        String text = String.join("\u0000", record.cells());
        if (text.indexOf(NOT_UTF8) >= 0) {
          run.reject(record.line(), NOT_UTF8_REASON);
          continue;
        }
        if (run.repeated(text)) {
          continue;
        }
        try {
          run.accept(record.line(), fromCsv(columns, headers, record.cells(), options));
        } catch (InvalidInputException e) {
          run.reject(record.line(), e.getMessage());
        }
      }
    }
  }

  private void readJsonLines(Reader in, Run run) throws IOException {
    BufferedReader reader = new BufferedReader(in);
    long lineNumber = 0;
    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
      lineNumber++;
      run.lastLine = lineNumber;
      if (lineNumber == 1 && line.startsWith("\uFEFF")) {
        line = line.substring(1);
      }
      if (line.isBlank()) {
        continue;
      }
      run.read++;
      if (line.indexOf(NOT_UTF8) >= 0) {
        run.reject(lineNumber, NOT_UTF8_REASON);
        continue;
      }
      if (run.repeated(line.strip())) {
        continue;
      }
      JsonNode node;
      try {
        node = JSON.readTree(line);
      } catch (JsonProcessingException e) {
        run.reject(lineNumber, "not valid JSON: " + e.getOriginalMessage());
        continue;
      }
      if (!node.isObject()) {
        run.reject(lineNumber, "must be a JSON object, was " + node.getNodeType());
        continue;
      }
      try {
        run.accept(lineNumber, fromJson(node, run.options));
      } catch (InvalidInputException e) {
        run.reject(lineNumber, e.getMessage());
      }
    }
  }

  /** What went wrong, without the parser's own location and source details. */
  private static String reason(IOException e) {
    String message = e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
    if (e instanceof java.nio.charset.CharacterCodingException) {
      return "the text is not UTF-8";
    }
    return message == null ? e.getClass().getSimpleName() : message;
  }

  /** Refuses fields other than the allowed ones. */
  static void onlyFields(JsonNode object, Set<String> allowed) {
    for (Map.Entry<String, JsonNode> field : object.properties()) {
      String name = field.getKey();
      if (!allowed.contains(name)) {
        throw new InvalidInputException(name, null, "is not a field; expected one of " + allowed);
      }
    }
  }

  /** The identifiers of a JSON {@code identifiers} array of {@code {"type", "value"}} objects. */
  static List<Identifier> identifiers(JsonNode array) {
    if (!array.isArray()) {
      throw new InvalidInputException("identifiers", array.toString(), "must be a JSON array");
    }
    List<Identifier> identifiers = new ArrayList<>();
    int index = 0;
    for (JsonNode item : array) {
      String at = "identifiers[" + index++ + "]";
      if (!item.isObject() || !item.has("type") || !item.has("value")) {
        throw new InvalidInputException(at, item.toString(), "must be {\"type\": ..., \"value\": ...}");
      }
      try {
        identifiers.add(Identifier.of(Cells.text(item.get("type"), "type"), Cells.text(item.get("value"), "value")));
      } catch (InvalidInputException e) {
        throw e.within(at);
      }
    }
    return identifiers;
  }

  /** The state of one import. */
  private final class Run {
    private final ImportOptions options;
    private final List<RowError> errors = new ArrayList<>();
    private final List<Long> lines = new ArrayList<>();
    private final List<R> pending = new ArrayList<>();
    /** How many of {@link #pending} (from the start) were screened. */
    private int screened;
    /** The rows seen, to count a repeated row as a duplicate. */
    private final RowFingerprints seen = new RowFingerprints();
    private long read;
    private long stored;
    private long duplicates;
    private long rejected;
    private long lastLine;

    Run(ImportOptions options) {
      this.options = options;
    }

    /** Whether the row's text repeats an earlier row; counted as a duplicate when it does. */
    boolean repeated(String text) {
      if (seen.add(RowFingerprints.of(text))) {
        return false;
      }
      duplicates++;
      return true;
    }

    void reject(long line, String reason) {
      errors.add(new RowError(line, reason));
      rejected++;
    }

    void accept(long line, R request) {
      lines.add(line);
      pending.add(request);
      if (pending.size() - screened >= options.batchSize()) {
        screenPending();
        if (!options.strict()) {
          flush();
        }
      }
    }

    /** Screens the pending rows not screened yet, a batch at a time, rejecting those at fault. */
    private void screenPending() {
      while (screened < pending.size()) {
        int end = Math.min(pending.size(), screened + options.batchSize());
        Map<Integer, String> faults = screen(pending.subList(screened, end));
        int kept = screened;
        for (int i = screened; i < end; i++) {
          String fault = faults.get(i - screened);
          if (fault == null) {
            pending.set(kept, pending.get(i));
            lines.set(kept, lines.get(i));
            kept++;
          } else {
            reject(lines.get(i), fault);
          }
        }
        pending.subList(kept, end).clear();
        lines.subList(kept, end).clear();
        screened = kept;
      }
    }

    private void flush() {
      screenPending();
      if (pending.isEmpty()) {
        return;
      }
      try {
        int already = storeAll(pending);
        duplicates += already;
        stored += pending.size() - already;
      } catch (CdpException batchRefused) {
        for (int i = 0; i < pending.size(); i++) {
          try {
            if (storeOne(pending.get(i))) {
              duplicates++;
            } else {
              stored++;
            }
          } catch (CdpException e) {
            reject(lines.get(i), e.getMessage());
          }
        }
      }
      pending.clear();
      lines.clear();
      screened = 0;
      options.progress().update(read, stored, errors.size());
    }

    ImportReport finish() {
      if (options.strict()) {
        screenPending();
        if (errors.isEmpty() && !pending.isEmpty()) {
          try {
            int already = storeAll(pending);
            duplicates += already;
            stored = pending.size() - already;
          } catch (CdpException e) {
            errors.add(new RowError(0, "nothing stored: " + e.getMessage()));
          }
        }
        if (stored == 0) {
          // All or nothing: every row not stored is held back, so counted as rejected.
          rejected = read - duplicates;
        }
        pending.clear();
        options.progress().update(read, stored, errors.size());
      } else {
        flush();
        options.progress().update(read, stored, errors.size());
      }
      errors.sort(Comparator.comparingLong(RowError::line));
      return new ImportReport(read, stored, duplicates, rejected, errors, options.strict());
    }
  }
}
