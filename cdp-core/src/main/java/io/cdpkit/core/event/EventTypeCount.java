package io.cdpkit.core.event;

/** How many stored events have a type. */
public record EventTypeCount(String type, long count) {}
