/**
 * The segment language's syntax tree: {@link io.cdpkit.segments.ast.Expr} and its records, plus
 * {@link io.cdpkit.segments.ast.Dsl}, a small Java builder producing the same trees as the parser.
 * Every type here is an immutable value, safe to share between threads, compared by content.
 *
 * <p>Start with {@link io.cdpkit.segments.SegmentExpression#parse(String)} to get a tree from
 * text, or with {@link io.cdpkit.segments.ast.Dsl} to build one in code.
 */
@NullMarked
package io.cdpkit.segments.ast;

import org.jspecify.annotations.NullMarked;
