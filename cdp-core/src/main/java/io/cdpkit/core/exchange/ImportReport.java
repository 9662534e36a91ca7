package io.cdpkit.core.exchange;

import java.util.List;

/**
 * The outcome of an import: rows read, stored, duplicate and rejected, and why rows were rejected,
 * in file order. The counts add up: {@code rowsRead == rowsStored + rowsDuplicate +
 * rowsRejected}.
 *
 * @param rowsRead data rows read (the CSV header not counted, blank lines skipped)
 * @param rowsStored rows stored; 0 for a strict import with errors
 * @param rowsDuplicate rows that repeat an earlier row of the file, or events whose id was stored
 *     already: nothing stored for them
 * @param rowsRejected rows not stored because they break a rule (each has an error); in a strict
 *     import with errors, every row not stored
 * @param errors the rejected rows, by line; line 0 for a failure of the whole import
 * @param strict whether the import was strict (all or nothing)
 */
public record ImportReport(long rowsRead, long rowsStored, long rowsDuplicate, long rowsRejected,
    List<RowError> errors, boolean strict) {

  public ImportReport {
    errors = List.copyOf(errors);
  }

  /** True when no row was rejected. */
  public boolean ok() {
    return errors.isEmpty();
  }
}
