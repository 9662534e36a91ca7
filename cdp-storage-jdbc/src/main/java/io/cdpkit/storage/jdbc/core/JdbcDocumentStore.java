package io.cdpkit.storage.jdbc.core;

import io.cdpkit.core.spi.DocumentStore;
import io.cdpkit.storage.jdbc.Instants;
import io.cdpkit.storage.jdbc.JdbcDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Documents in the {@code documents} table and claims in the {@code claims} table (SQLite's
 * migration V019, PostgreSQL's V015), the lease's end in nanoseconds since the epoch. A claim is
 * one upsert whose update applies only when the claim is free or the caller's, so it is atomic on
 * either store: SQLite runs one write at a time, and PostgreSQL locks the conflicting row (a
 * concurrent claim that conflicts is retried and then finds the row taken). Nothing is cached, so
 * every read sees what any process saved. Thread-safe.
 */
public final class JdbcDocumentStore implements DocumentStore {
  private final JdbcDatabase database;

  public JdbcDocumentStore(JdbcDatabase database) {
    this.database = Objects.requireNonNull(database, "database");
  }

  @Override
  public Optional<String> find(String name) {
    Objects.requireNonNull(name, "name");
    return database.readSql(s -> s.first("find document " + name,
        "SELECT body FROM documents WHERE name = ?", row -> row.getString(1), name));
  }

  @Override
  public void put(String name, String json) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(json, "json");
    database.writeSql(s -> s.update("save document " + name,
        "INSERT INTO documents (name, body) VALUES (?, ?)"
            + " ON CONFLICT (name) DO UPDATE SET body = excluded.body",
        name, json));
  }

  @Override
  public boolean claim(String name, String owner, Instant now, Duration lease) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(now, "now");
    if (lease.isNegative() || lease.isZero()) {
      throw new IllegalArgumentException("lease must be positive, was " + lease);
    }
    long from = Instants.toNanos("now", now);
    long until = Instants.toNanosClamped(now.plus(lease));
    return database.writeSql(s -> s.update("claim " + name,
        "INSERT INTO claims (name, owner, claimed_until) VALUES (?, ?, ?)"
            + " ON CONFLICT (name) DO UPDATE SET owner = excluded.owner,"
            + " claimed_until = excluded.claimed_until"
            + " WHERE claims.owner = excluded.owner OR claims.claimed_until <= ?",
        name, owner, until, from)) > 0;
  }

  @Override
  public void release(String name, String owner) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(owner, "owner");
    database.writeSql(s -> s.update("release claim " + name,
        "DELETE FROM claims WHERE name = ? AND owner = ?", name, owner));
  }
}
