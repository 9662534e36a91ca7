package io.cdpkit.segments;

import java.time.Instant;

/**
 * What one {@link Segments#refresh(Instant)} did: how many profile checks fell due, and how many
 * entered and exited segments because time passed.
 */
public record RefreshResult(Instant now, long checked, long entered, long exited) {}
