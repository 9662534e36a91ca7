package io.cdpkit.core;

/** A request a Cdp ingests: an {@link Identify} or a {@link Track}; see {@link Cdp#ingestAll}. */
public sealed interface CdpRequest permits Identify, Track {}
