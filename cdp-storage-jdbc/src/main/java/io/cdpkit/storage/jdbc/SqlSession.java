package io.cdpkit.storage.jdbc;

import io.cdpkit.core.spi.StorageSession;

/** A storage session of a SQL store: the core ports, and the JDBC helper of its transaction. */
public interface SqlSession extends StorageSession {
  /** The JDBC helper of this session's transaction. */
  Sql sql();

  /** The same transaction, refusing writes: for a read nested in a write on the same thread. */
  SqlSession readOnlyView();
}
