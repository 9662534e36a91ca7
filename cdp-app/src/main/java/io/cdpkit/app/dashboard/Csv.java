package io.cdpkit.app.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.util.ArrayList;
import java.util.List;

/**
 * The dashboard's CSV downloads. A text cell that a spreadsheet would run as a formula ({@code =},
 * {@code +}, {@code @}, or {@code -} before a non-digit) gets a leading {@code '}, so profile data
 * cannot run in the reader's spreadsheet. Stateless.
 */
final class Csv {
  private static final CsvMapper MAPPER = new CsvMapper();

  private Csv() {}

  /** A header row of {@code columns}, then the rows. */
  static String write(List<String> columns, List<List<String>> rows) {
    CsvSchema.Builder schema = CsvSchema.builder();
    columns.forEach(schema::addColumn);
    return write(schema.build().withHeader(), rows);
  }

  static String write(CsvSchema schema, List<List<String>> rows) {
    List<List<String>> guarded = new ArrayList<>(rows.size());
    for (List<String> row : rows) {
      guarded.add(row.stream().map(Csv::guard).toList());
    }
    try {
      return MAPPER.writer(schema).writeValueAsString(guarded);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write CSV", e);
    }
  }

  static String guard(String cell) {
    if (cell.isEmpty()) {
      return cell;
    }
    char first = cell.charAt(0);
    boolean formula = first == '=' || first == '+' || first == '@'
        || first == '-' && (cell.length() == 1 || !Character.isDigit(cell.charAt(1)));
    return formula ? "'" + cell : cell;
  }
}
