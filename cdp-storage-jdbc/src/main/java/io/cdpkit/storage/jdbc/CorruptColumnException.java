package io.cdpkit.storage.jdbc;

import io.cdpkit.core.StorageException;

/**
 * A stored column does not hold what this store writes (its JSON, or one of a fixed set of names):
 * the database was changed by something other than CDPKit, or is damaged. Each store turns it into its own failure kind.
 */
public final class CorruptColumnException extends StorageException {
  private static final long serialVersionUID = 1L;

  private final String column;

  CorruptColumnException(String column, Exception cause) {
    this(
        column,
        "column " + column + " does not hold the JSON this store writes (" + cause.getMessage()
            + ")",
        cause);
  }

  private CorruptColumnException(String column, String message, Exception cause) {
    super(message, cause);
    this.column = column;
  }

  /** The constant of {@code type} called {@code name}; else a column holding an unknown name. */
  public static <E extends Enum<E>> E constant(
      Class<E> type, String column, String what, String name) {
    try {
      return Enum.valueOf(type, name);
    } catch (IllegalArgumentException e) {
      throw new CorruptColumnException(
          column, "column " + column + " holds an unknown " + what + " " + name, e);
    }
  }

  /** The column, such as {@code profiles.consents}. */
  public String column() {
    return column;
  }
}
