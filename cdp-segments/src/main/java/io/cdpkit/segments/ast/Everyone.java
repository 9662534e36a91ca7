package io.cdpkit.segments.ast;

/** Matches every profile: {@code everyone}. */
public record Everyone() implements Expr {}
