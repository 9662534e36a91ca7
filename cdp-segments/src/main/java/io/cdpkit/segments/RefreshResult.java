package io.cdpkit.segments;

import java.time.Instant;

/**
 * What one {@link Segments#refresh(Instant)} did: how many profile checks fell due, and how many
 * entered and exited segments because time passed; or, for {@link Segments#recalculated}, how many
 * profiles were re-evaluated and how many entered and exited.
 */
public record RefreshResult(Instant now, long checked, long entered, long exited) {}
