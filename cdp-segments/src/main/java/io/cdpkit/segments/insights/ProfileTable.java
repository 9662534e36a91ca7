package io.cdpkit.segments.insights;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A page of profiles as rows of cells, one per chosen column.
 *
 * @param next the cursor of the next page, null on the last
 */
public record ProfileTable(List<String> columns, List<List<String>> rows, @Nullable String next) {
  public ProfileTable {
    columns = List.copyOf(columns);
    rows = rows.stream().map(List::copyOf).toList();
    Objects.requireNonNull(columns, "columns");
  }
}
