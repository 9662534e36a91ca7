package io.cdpkit.segments.internal.membership;

import io.cdpkit.segments.CompiledSegment;
import io.cdpkit.segments.SavedSegment;
import io.cdpkit.segments.SegmentExpression;

/** A saved segment compiled, with what it reads and when its answer may change with time. */
record CatalogEntry(
    SavedSegment saved,
    SegmentExpression expression,
    CompiledSegment compiled,
    SegmentDependencies dependencies,
    TimeBoundaries time) {

  String name() {
    return saved.name();
  }

  /** The same compiled segment under another saved definition (a rename). */
  CatalogEntry renamed(SavedSegment renamed) {
    return new CatalogEntry(renamed, expression, compiled, dependencies, time);
  }
}
