package io.cdpkit.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The one JDBC idiom of the SQL stores, on a real SQLite connection. */
final class SqlTest {
  private TestSqlite db;

  @BeforeEach
  void open() throws SQLException {
    db = new TestSqlite();
    db.connection.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, amount, flag, data)");
  }

  @AfterEach
  void close() {
    db.close();
  }

  private void insert(long id, String name) {
    db.writeSql(s -> s.update("insert " + id, "INSERT INTO t (id, name) VALUES (?, ?)", id, name));
  }

  @Test
  void parametersBindInOrder_andQueriesMapRows() {
    db.writeSql(s -> s.update("insert a row",
        "INSERT INTO t (id, name, amount, flag, data) VALUES (?, ?, ?, ?, ?)",
        1L, "ann", new BigDecimal("12.5"), true, new byte[] {1, 2}));
    db.writeSql(s -> s.update("insert a row with nulls",
        "INSERT INTO t (id, name, amount) VALUES (?, ?, ?)", 2, null, null));

    assertThat(db.<List<String>>readSql(s -> s.list("list", "SELECT id, name FROM t ORDER BY id",
        rows -> rows.getLong(1) + ":" + rows.getString(2))))
        .containsExactly("1:ann", "2:null");
    assertThat(db.<Optional<BigDecimal>>readSql(s -> s.first("find", "SELECT amount FROM t WHERE id = ?",
        rows -> rows.getBigDecimal(1), 1L))).contains(new BigDecimal("12.5"));
    assertThat(db.<Optional<String>>readSql(s -> s.first("find", "SELECT flag, data FROM t WHERE id = ?",
        rows -> rows.getBoolean(1) + " " + rows.getBytes(2).length, 1L))).contains("true 2");
    assertThat(db.<Optional<Long>>readSql(s -> s.first("find none", "SELECT id FROM t WHERE id = ?",
        rows -> rows.getLong(1), 9L))).isEmpty();
    assertThat(db.<Long>readSql(s -> s.number("count", "SELECT count(*) FROM t WHERE name IS NULL")))
        .isEqualTo(1);
    assertThat(db.<Long>readSql(s -> s.number("no row", "SELECT id FROM t WHERE id = 9"))).isZero();
  }

  @Test
  void updateReturnsRowsChanged() {
    insert(1, "a");
    insert(2, "b");
    assertThat(db.<Integer>writeSql(s -> s.update("rename", "UPDATE t SET name = 'x' WHERE id > ?", 0)))
        .isEqualTo(2);
    assertThat(db.<Integer>writeSql(s -> s.update("delete none", "DELETE FROM t WHERE id = ?", 9)))
        .isZero();
  }

  @Test
  void anUnsupportedParameterType_isRefusedNamingIt() {
    assertThatThrownBy(() -> db.readSql(s -> s.first("find", "SELECT ?", rows -> 1, 1.5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cannot bind a java.lang.Double");
  }

  @Test
  void aBatchCountsEveryRowChanged_andAnEmptyOneTouchesNothing() {
    String sql = "INSERT INTO t (id, name) VALUES (?, ?) ON CONFLICT DO NOTHING";
    List<Object[]> rows = new ArrayList<>();
    rows.add(new Object[] {1L, "a"});
    rows.add(new Object[] {2L, "b"});
    rows.add(new Object[] {1L, "again"});
    assertThat(db.<Integer>writeSql(s -> s.batch("add rows", sql, rows))).isEqualTo(2);
    assertThat(db.<Integer>writeSql(s -> s.batch("add nothing", "not even SQL", List.of()))).isZero();
  }

  @Test
  void aBatchWithARowThatCannotBind_leavesNoHalfBatchBehind() {
    String sql = "INSERT INTO t (id, name) VALUES (?, ?)";
    List<Object[]> broken = new ArrayList<>();
    broken.add(new Object[] {1L, "kept out"});
    broken.add(new Object[] {2L, 2.5});
    assertThatThrownBy(() -> db.writeSql(s -> s.batch("add rows", sql, broken)))
        .isInstanceOf(IllegalArgumentException.class);
    List<Object[]> next = new ArrayList<>();
    next.add(new Object[] {3L, "c"});
    assertThat(db.<Integer>writeSql(s -> s.batch("add rows", sql, next))).isEqualTo(1);
    assertThat(db.<List<Long>>readSql(s -> s.list("ids", "SELECT id FROM t", r -> r.getLong(1))))
        .containsExactly(3L);
  }

  @Test
  void aFailingStatement_becomesTheStoresException_namingWhatWasBeingDone() {
    insert(1, "a");
    assertThatThrownBy(() -> db.writeSql(s -> s.update("add ann twice",
        "INSERT INTO t (id, name) VALUES (?, ?)", 1L, "ann")))
        .isInstanceOf(TestSqlite.Failed.class)
        .hasMessageStartingWith("could not add ann twice: ")
        .hasMessageContaining("UNIQUE");
    insert(2, "b");
    assertThat(db.<Long>readSql(s -> s.number("count", "SELECT count(*) FROM t"))).isEqualTo(2);
  }

  @Test
  void aColumnThatDoesNotHoldWhatTheStoreWrites_becomesTheStoresCorruptionError() {
    insert(1, "GREEN");
    assertThatThrownBy(() -> db.readSql(s -> s.first("read a colour", "SELECT name FROM t",
        rows -> {
          throw new CorruptColumnException("name", new IllegalArgumentException("not a colour"));
        })))
        .isInstanceOf(TestSqlite.Failed.class)
        .hasMessageStartingWith("corrupt while read a colour");
  }

  @Test
  void aReadOrAReadOnlyView_refusesWrites_butReads() {
    insert(1, "a");
    assertThatThrownBy(() -> db.readSql(s -> s.update("sneak", "DELETE FROM t")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("read-only session");
    db.writeSql(s -> {
      Sql view = s.readOnlyView();
      assertThat(view.number("count", "SELECT count(*) FROM t")).isEqualTo(1);
      assertThatThrownBy(() -> view.update("sneak", "DELETE FROM t"))
          .isInstanceOf(IllegalStateException.class);
      return null;
    });
    assertThat(db.<Long>readSql(s -> s.number("count", "SELECT count(*) FROM t"))).isEqualTo(1);
  }

  @Test
  void aStreamReadsRowsLazily_andClosesItsStatementWhenClosed() {
    for (long id = 1; id <= 600; id++) {
      insert(id, "n" + id);
    }
    Sql sql = db.sql(false);
    try (Stream<Long> ids = sql.stream("stream", "SELECT id FROM t ORDER BY id",
        rows -> rows.getLong(1))) {
      assertThat(db.connection.openResources()).isPositive();
      assertThat(ids.limit(3)).containsExactly(1L, 2L, 3L);
    }
    assertThat(db.connection.openResources()).isZero();
    sql.end();
  }

  @Test
  void endingTheTransaction_closesStreamsLeftOpen_andRefusesFurtherUse() {
    insert(1, "a");
    Sql sql = db.sql(true);
    Stream<Long> left = sql.stream("stream", "SELECT id FROM t", rows -> rows.getLong(1));
    assertThat(left).isNotNull();
    sql.end();
    assertThat(db.connection.openResources()).isZero();
    assertThatThrownBy(() -> sql.number("count", "SELECT count(*) FROM t"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("session ended");
    assertThatThrownBy(() -> sql.update("insert", "INSERT INTO t (id) VALUES (2)"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("session ended");
  }

  @Test
  void aWriteThatFails_keepsNothing() {
    assertThatThrownBy(() -> db.writeSql(s -> {
      s.update("insert", "INSERT INTO t (id, name) VALUES (1, 'a')");
      throw new IllegalStateException("the work failed");
    })).isInstanceOf(IllegalStateException.class);
    assertThat(db.<Long>readSql(s -> s.number("count", "SELECT count(*) FROM t"))).isZero();
  }
}
