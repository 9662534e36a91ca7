package io.cdpkit.storage.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A store's migration scripts: {@code names} are resources in {@code folder} next to {@code owner},
 * and script {@code N} (from 1) takes the schema from version {@code N-1} to {@code N}. How a
 * version is recorded and a script applied in one transaction is the store's.
 */
public record MigrationScripts(Class<?> owner, String folder, List<String> names) {
  private static final Logger log = LoggerFactory.getLogger(MigrationScripts.class);

  public MigrationScripts {
    names = List.copyOf(names);
  }

  /** The schema version the scripts lead to. */
  public int latest() {
    return names.size();
  }

  /**
   * Applies each script after version {@code found} up to {@code target} with {@code step}, in
   * order, and returns {@code found}.
   */
  public int migrate(String store, int found, int target, Step step) throws SQLException {
    for (int version = found + 1; version <= target; version++) {
      step.apply(version, read(names.get(version - 1)));
      log.debug("Applied migration {} to {}", names.get(version - 1), store);
    }
    if (found < target) {
      log.info("Migrated {} from schema version {} to {}", store, found, target);
    }
    return found;
  }

  /** Why a schema at version {@code found}, newer than {@link #latest()}, is refused. */
  public String newerSchema(String store, int found, String artifact) {
    return store + " has schema version " + found + ", written by a newer " + artifact
        + "; this version reads schema versions up to " + latest() + ". Upgrade " + artifact
        + " to open it.";
  }

  private String read(String script) {
    try (InputStream in = owner.getResourceAsStream(folder + script)) {
      if (in == null) {
        throw new IllegalStateException("migration " + script + " is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read migration " + script, e);
    }
  }

  /** Applies one script and records its version, in one transaction. */
  @FunctionalInterface
  public interface Step {
    void apply(int version, String script) throws SQLException;
  }
}
