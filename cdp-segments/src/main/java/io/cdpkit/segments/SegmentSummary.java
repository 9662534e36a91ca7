package io.cdpkit.segments;

/** A saved segment with its current member count, as {@link Segments#list()} returns it. */
public record SegmentSummary(SavedSegment segment, long members) {}
