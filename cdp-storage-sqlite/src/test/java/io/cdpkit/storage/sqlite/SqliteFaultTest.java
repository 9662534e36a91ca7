package io.cdpkit.storage.sqlite;

import static io.cdpkit.storage.sqlite.SqliteFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.cdpkit.core.StorageException;
import io.cdpkit.core.event.Event;
import io.cdpkit.core.profile.ObjectValue;
import io.cdpkit.core.spi.StorageSession;
import io.cdpkit.storage.sqlite.SqliteStorageException.Kind;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Failures of the file and the disk: each gives a clear exception, and the store recovers. */
final class SqliteFaultTest {
  @RegisterExtension final LeakCheck leaks = new LeakCheck();
  @TempDir Path dir;

  private static SqliteOptions fastTimeout() {
    return SqliteOptions.builder().busyTimeout(Duration.ofMillis(200)).build();
  }

  private static Event event(String id, String profileId, String padding) {
    return new Event(
        id, profileId, "view", T0, T0, "test", ObjectValue.of(Map.of("pad", padding)), List.of());
  }

  private static void insert(SqliteStorage store, String prefix, int count, String padding) {
    store.write(
        s -> {
          for (int i = 0; i < count; i++) {
            s.events().insert(event(prefix + i, "p" + (i % 10), padding), "p" + (i % 10));
          }
          return null;
        });
  }

  private static long count(SqliteStorage store) {
    return store.read((StorageSession s) -> s.events().count());
  }

  @Test
  void garbageFile_isRefusedAsCorrupt() throws IOException {
    Path file = dir.resolve("garbage.db");
    byte[] garbage = new byte[64 * 1024];
    new Random(7).nextBytes(garbage);
    Files.write(file, garbage);

    for (int attempt = 0; attempt < 2; attempt++) {
      assertThatThrownBy(() -> SqliteStorage.open(file))
          .isInstanceOfSatisfying(
              SqliteStorageException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CORRUPT))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining(file.toString())
          .hasMessageContaining("not a SQLite database or is damaged");
    }
  }

  @Test
  void missingDirectoryOrADirectory_cannotBeOpened() {
    Path missing = dir.resolve("no-such-dir").resolve("cdp.db");
    assertThatThrownBy(() -> SqliteStorage.open(missing))
        .isInstanceOfSatisfying(
            SqliteStorageException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CANNOT_OPEN))
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("directory exists");
    assertThatThrownBy(() -> SqliteStorage.open(dir))
        .isInstanceOfSatisfying(
            SqliteStorageException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CANNOT_OPEN))
        .hasMessageContaining("is a directory");
  }

  @Test
  void damagedPages_failReadsAsCorruptAndTheStoreClosesCleanly() throws IOException {
    Path file = dir.resolve("damaged.db");
    SqliteStorage healthy = SqliteStorage.open(file);
    insert(healthy, "e", 3_000, "x".repeat(100));
    healthy.close();
    try (RandomAccessFile raw = new RandomAccessFile(file.toFile(), "rw")) {
      byte[] garbage = new byte[(int) raw.length() - 8 * 4096];
      new Random(11).nextBytes(garbage);
      raw.seek(8 * 4096);
      raw.write(garbage);
    }

    SqliteStorage store;
    try {
      store = leaks.track(SqliteStorage.open(file));
    } catch (SqliteStorageException e) {
      assertThat(e.kind()).isEqualTo(Kind.CORRUPT);
      return;
    }
    assertThatThrownBy(
            () ->
                store.read(
                    s -> {
                      for (int p = 0; p < 10; p++) {
                        s.events().ofProfile("p" + p).forEach(e -> {});
                      }
                      return s.profiles().stream().count();
                    }))
        .isInstanceOfSatisfying(
            SqliteStorageException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CORRUPT))
        .hasMessageContaining("restore it from a backup");
    store.close();
    assertThat(store.allConnectionsClosed()).isTrue();
  }

  @Test
  void lockedFile_failsWritesAfterTheBusyTimeoutThenRecovers() throws SQLException {
    Path file = dir.resolve("locked.db");
    SqliteStorage store = leaks.track(SqliteStorage.open(file, fastTimeout()));
    insert(store, "before", 1, "");
    try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = other.createStatement()) {
      statement.executeUpdate("BEGIN EXCLUSIVE");
      statement.executeUpdate("UPDATE profiles SET id = id");

      long start = System.nanoTime();
      assertThatThrownBy(() -> insert(store, "during", 1, ""))
          .isInstanceOfSatisfying(
              SqliteStorageException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(Kind.LOCKED);
                assertThat(e.sqliteCode() & 0xff).isEqualTo(5);
              })
          .hasMessageContaining("busy timeout of 200 ms");
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(150L, 5_000L);
      assertThat(count(store)).as("readers are not blocked by the other writer").isEqualTo(1);
      statement.executeUpdate("ROLLBACK");
    }
    insert(store, "after", 1, "");
    assertThat(count(store)).isEqualTo(2);
  }

  @Test
  void exclusivelyLockedFile_failsToOpenClearly() throws SQLException {
    Path file = dir.resolve("exclusive.db");
    SqliteStorage.open(file).close();
    try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = other.createStatement()) {
      statement.executeUpdate("PRAGMA locking_mode = EXCLUSIVE");
      statement.executeUpdate("BEGIN EXCLUSIVE");
      statement.executeUpdate("UPDATE profiles SET id = id");
      assertThatThrownBy(() -> SqliteStorage.open(file, fastTimeout()))
          .isInstanceOfSatisfying(
              SqliteStorageException.class, e -> assertThat(e.kind()).isEqualTo(Kind.LOCKED))
          .hasMessageContaining("open the database");
      statement.executeUpdate("COMMIT");
    }
    SqliteStorage reopened = leaks.track(SqliteStorage.open(file));
    assertThat(count(reopened)).isZero();
  }

  @Test
  void fullDatabase_failsTheWholeWriteAndRecoversAfterSpaceIsFreed() {
    SqliteStorage store =
        leaks.track(
            SqliteStorage.open(
                dir.resolve("full.db"),
                SqliteOptions.builder().maxDatabaseBytes(512 * 1024).build()));
    String padding = "y".repeat(1_000);
    int batches = 0;
    SqliteStorageException full = null;
    while (full == null && batches < 100) {
      try {
        insert(store, "b" + batches + "-", 50, padding);
        batches++;
      } catch (SqliteStorageException e) {
        full = e;
      }
    }
    assertThat(full).isNotNull();
    assertThat(full.kind()).isEqualTo(Kind.FULL);
    assertThat(full).hasMessageContaining("disk is full");
    assertThat(count(store)).as("the failed batch kept nothing").isEqualTo(50L * batches);

    store.write(s -> s.events().deleteOfProfile("p0"));
    insert(store, "small-", 5, "");
    assertThat(count(store)).isEqualTo(50L * batches - 5L * batches + 5);
  }

  @Test
  void readOnlyFile_failsWithAClearExceptionAndTheStoreClosesCleanly() throws Exception {
    Path file = dir.resolve("readonly.db");
    SqliteStorage writable = SqliteStorage.open(file);
    insert(writable, "e", 3, "");
    writable.close();
    ReadOnly readOnly = ReadOnly.make(file);
    assumeThat(readOnly.worked()).as("cannot make a file read-only for this user").isTrue();
    try {
      SqliteStorage store;
      try {
        store = leaks.track(SqliteStorage.open(file));
      } catch (SqliteStorageException e) {
        assertThat(e.kind()).isIn(Kind.READ_ONLY, Kind.CANNOT_OPEN);
        assertThat(e).hasMessageContaining(file.toString());
        return;
      }
      assertThat(count(store)).isEqualTo(3);
      assertThatThrownBy(() -> insert(store, "new", 1, ""))
          .isInstanceOfSatisfying(
              SqliteStorageException.class, e -> assertThat(e.kind()).isEqualTo(Kind.READ_ONLY))
          .hasMessageContaining("read-only");
      assertThat(count(store)).isEqualTo(3);
      store.close();
      assertThat(store.allConnectionsClosed()).isTrue();
    } finally {
      readOnly.undo();
    }
  }

  /** Makes a file read-only even for root (who ignores permission bits) with chattr +i. */
  private record ReadOnly(Path file, boolean immutable, boolean worked) {
    static ReadOnly make(Path file) throws IOException, InterruptedException {
      if (!file.toFile().setWritable(false, false)) {
        return new ReadOnly(file, false, false);
      }
      if (!Files.isWritable(file)) {
        return new ReadOnly(file, false, true);
      }
      boolean immutable = run("chattr", "+i", file.toString());
      return new ReadOnly(file, immutable, immutable);
    }

    void undo() throws IOException, InterruptedException {
      if (immutable) {
        run("chattr", "-i", file.toString());
      }
      file.toFile().setWritable(true, false);
    }

    private static boolean run(String... command) throws IOException, InterruptedException {
      try {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
      } catch (IOException e) {
        return false;
      }
    }
  }
}
