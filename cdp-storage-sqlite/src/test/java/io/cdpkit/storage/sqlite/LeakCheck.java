package io.cdpkit.storage.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * After each test (and after its {@code @AfterEach} methods), asserts that every store the test
 * opened has no statement or result set left open, then closes it and asserts every connection is
 * closed. Register with {@code @RegisterExtension final LeakCheck leaks = new LeakCheck();} and
 * open stores through {@link #track}.
 */
final class LeakCheck implements AfterEachCallback {
  private final List<SqliteStorage> stores = new ArrayList<>();

  synchronized SqliteStorage track(SqliteStorage store) {
    stores.add(store);
    return store;
  }

  @Override
  public synchronized void afterEach(ExtensionContext context) {
    try {
      for (SqliteStorage store : stores) {
        assertThat(store.openResources())
            .as("statements and result sets left open by %s", store)
            .isZero();
        store.close();
        assertThat(store.allConnectionsClosed()).as("connections of %s closed", store).isTrue();
      }
    } finally {
      stores.forEach(SqliteStorage::close);
      stores.clear();
    }
  }
}
