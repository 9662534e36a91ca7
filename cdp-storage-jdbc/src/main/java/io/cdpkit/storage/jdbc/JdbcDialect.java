package io.cdpkit.storage.jdbc;

import java.sql.SQLException;

/**
 * What differs between the SQL databases behind CDPKit's stores, for the port code both share: how
 * a JSON parameter is written, and which exception a failure becomes. One instance per store, as
 * its messages name the store. Thread-safe.
 */
public abstract class JdbcDialect {
  private final String store;
  private final boolean castsParameters;
  private final String textsOfJsonArray;

  /**
   * @param store how messages and logs name the store
   * @param castsParameters whether a parameter is cast to the type the database must read it as
   * @param textsOfJsonArray see {@link #textsOfJsonArray()}
   */
  protected JdbcDialect(String store, boolean castsParameters, String textsOfJsonArray) {
    this.store = store;
    this.castsParameters = castsParameters;
    this.textsOfJsonArray = textsOfJsonArray;
  }

  /** How messages and logs name the store, such as {@code SQLite store /data/cdp.db}. */
  public final String store() {
    return store;
  }

  /** The placeholder of a JSON text parameter: {@code ?}, or {@code ?::jsonb} on PostgreSQL. */
  public final String json() {
    return typed("jsonb");
  }

  /**
   * The placeholder of a parameter the database must read as {@code type} (a PostgreSQL type name
   * such as {@code bigint} or {@code json}, for a NULL or a JSON text): {@code ?} on SQLite, whose
   * columns take any value, {@code ?::type} on PostgreSQL.
   */
  public final String typed(String type) {
    return castsParameters ? "?::" + type : "?";
  }

  /** A subquery of the texts in the JSON array that its one parameter holds, one row each. */
  public final String textsOfJsonArray() {
    return textsOfJsonArray;
  }

  /**
   * How many events one INSERT statement of a batch carries. 1 (the default): a JDBC batch of
   * one-row statements, whose per-row counts say which events were stored, after which the store
   * adds their type counts and workflow signals itself (see {@code JdbcEvents}). More: multi-row
   * statements, for a database whose statement-level trigger counts and signals the rows each
   * statement stored, where one statement per event would cost a round trip or a trigger call each.
   */
  public int eventsPerInsert() {
    return 1;
  }

  /**
   * The query of a profile search: the profiles ({@code columns} of {@code profiles p}) whose id,
   * an identifier value or a text attribute starts with the first parameter, ignoring case as
   * Java's {@code regionMatches(true, ...)} does, ordered by id, at most the second parameter.
   */
  public abstract String profileSearch(String columns);

  /**
   * The query of a page of profiles ({@code columns}) ordered by the attribute the first parameter
   * names, as the in-memory store's {@code ProfileOrdering} orders them (missing and null last
   * both ways, ties by id), {@code descending} or not; {@code LIMIT} and {@code OFFSET} are the
   * second and third parameters.
   */
  public abstract String profilesByAttribute(String columns, boolean descending);

  /** The store's exception for {@code e}, raised while {@code doing} (a verb phrase). */
  public abstract RuntimeException translate(SQLException e, String doing);

  /** The store's exception for a column that does not hold what the store writes. */
  public abstract RuntimeException corrupt(CorruptColumnException e, String doing);
}
