package io.cdpkit.core.exchange;

import java.util.List;

/**
 * The outcome of an import: rows read, rows stored and the rejected rows in file order.
 *
 * @param rowsRead data rows read (the CSV header not counted, blank lines skipped)
 * @param rowsStored rows stored; 0 for a strict import with errors
 * @param errors the rejected rows, by line
 * @param strict whether the import was strict (all or nothing)
 */
public record ImportReport(long rowsRead, long rowsStored, List<RowError> errors, boolean strict) {

  public ImportReport {
    errors = List.copyOf(errors);
  }

  /** True when no row was rejected. */
  public boolean ok() {
    return errors.isEmpty();
  }
}
