package io.cdpkit.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdpkit.storage.jdbc.RowClaims.Claimable;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** On a single-writer store a claim is a plain ordered read, and updates carry no claim columns. */
final class SingleWriterClaimsTest {
  private final RowClaims claims = RowClaims.singleWriter();
  private TestSqlite db;

  @BeforeEach
  void open() throws SQLException {
    db = new TestSqlite();
    db.connection.execute("CREATE TABLE due (id INTEGER PRIMARY KEY, kind TEXT, at INTEGER);"
        + " CREATE INDEX due_by_at ON due (at, id);"
        + " INSERT INTO due VALUES (1, 'a', 30), (2, 'b', 10), (3, 'a', 20), (4, 'a', 10),"
        + " (5, 'a', 99)");
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void aClaimTakesUpToTheLimit_ofTheSelectedRows_inOrder() {
    assertThat(claims.claim(db, "claim due rows",
        new Claimable("due", "due_by_at", "id, at", "at <= ?", "at, id"), 3,
        rows -> rows.getLong(1), 30))
        .containsExactly(2L, 4L, 3L);
    assertThat(claims.claim(db, "claim kind a",
        new Claimable("due", null, "id", "kind = ? AND at < ?", "id"), 10,
        rows -> rows.getLong(1), "a", 50))
        .containsExactly(1L, 3L, 4L);
    assertThat(claims.claim(db, "claim all", new Claimable("due", null, "id", null, "id DESC"),
        2, rows -> rows.getLong(1)))
        .containsExactly(5L, 4L);
  }

  @Test
  void aClaimTakesNothing_soTheSameRowsComeAgain() {
    for (int i = 0; i < 2; i++) {
      assertThat(claims.claim(db, "claim", new Claimable("due", null, "id", null, "id"), 1,
          rows -> rows.getLong(1))).containsExactly(1L);
    }
  }

  @Test
  void aClaimByAMissingIndex_failsAsTheStoresException() {
    assertThatThrownBy(() -> claims.claim(db, "claim due rows",
        new Claimable("due", "no_such_index", "id", null, "id"), 1, rows -> rows.getLong(1)))
        .isInstanceOf(TestSqlite.Failed.class)
        .hasMessageStartingWith("could not claim due rows");
  }

  @Test
  void updatesOfClaimedRows_carryNoClaimColumns() {
    for (boolean keep : new boolean[] {true, false}) {
      assertThat(claims.onUpdate(keep)).isEmpty();
      assertThat(claims.onUpdateParameters(keep)).isEmpty();
    }
  }
}
