package io.cdpkit.segments;

import io.cdpkit.core.InvalidInputException;
import io.cdpkit.core.event.Event;
import io.cdpkit.core.profile.Profile;
import io.cdpkit.segments.ast.Expr;
import io.cdpkit.segments.internal.eval.Compiler;
import io.cdpkit.segments.internal.json.ExprJson;
import io.cdpkit.segments.internal.parse.Parser;
import io.cdpkit.segments.internal.parse.Positions;
import io.cdpkit.segments.internal.parse.Printer;
import io.cdpkit.segments.internal.validate.Validator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A segment expression: the entry point to the segment language. Parse text (or wrap a tree built
 * with {@link io.cdpkit.segments.ast.Dsl}), print it in canonical form, convert it to and from
 * JSON, validate it, and compile it for evaluation. Immutable and thread-safe; two expressions are
 * equal when their trees are, whatever text they came from.
 *
 * <pre>{@code
 * SegmentExpression young = SegmentExpression.parse(
 *     "age < 30 and $identifier.email is not empty");
 * CompiledSegment compiled = young.compile();
 * boolean member = compiled.evaluate(profile, events, EvaluationContext.at(clock.instant()));
 * }</pre>
 */
public final class SegmentExpression {
  private final Expr expr;
  private final @Nullable String source;
  private final Positions positions;

  private SegmentExpression(Expr expr, @Nullable String source, Positions positions) {
    this.expr = expr;
    this.source = source;
    this.positions = positions;
  }

  /**
   * Parses segment text.
   *
   * @throws SegmentSyntaxException with the line, column, what was expected and what was found
   */
  public static SegmentExpression parse(String text) {
    Objects.requireNonNull(text, "text");
    Parser.Result result = Parser.parse(text);
    return new SegmentExpression(result.expr(), text, result.positions());
  }

  /**
   * Parses segment text and validates it against the context, as when saving a segment.
   *
   * @throws SegmentSyntaxException when the text does not follow the grammar
   * @throws SegmentValidationException with every problem of meaning found
   */
  public static SegmentExpression parseAndValidate(String text, ValidationContext context) {
    SegmentExpression expression = parse(text);
    List<Problem> problems = expression.validate(context);
    if (!problems.isEmpty()) {
      throw new SegmentValidationException(text, problems);
    }
    return expression;
  }

  /** Wraps a tree built in code. */
  public static SegmentExpression of(Expr expr) {
    return new SegmentExpression(Objects.requireNonNull(expr, "expr"), null, Positions.NONE);
  }

  /**
   * Reads the JSON form written by {@link #toJson()}.
   *
   * @throws InvalidInputException naming the JSON location, the value and the rule it breaks
   */
  public static SegmentExpression fromJson(String json) {
    Objects.requireNonNull(json, "json");
    return of(ExprJson.read(json));
  }

  /** The syntax tree. */
  public Expr expr() {
    return expr;
  }

  /** The text this was parsed from; empty when built in code or read from JSON. */
  public Optional<String> source() {
    return Optional.ofNullable(source);
  }

  /** The canonical text: parsing it gives an equal expression, and printing that the same text. */
  public String print() {
    return Printer.print(expr);
  }

  /** The stable JSON form (see the module README); {@link #fromJson} reads it back. */
  public String toJson() {
    return ExprJson.write(expr);
  }

  /** Every structural problem (patterns, bounds, counts, numbers, placement); empty when none. */
  public List<Problem> validate() {
    return validate(ValidationContext.structural());
  }

  /**
   * Every problem, checking names against the context too; empty when none. Problems carry
   * positions when the expression was parsed from text.
   */
  public List<Problem> validate(ValidationContext context) {
    Objects.requireNonNull(context, "context");
    return Validator.validate(expr, positions, context);
  }

  /**
   * Compiles for evaluation, after structural validation. The result is immutable and
   * thread-safe; compile once and evaluate many times.
   *
   * @throws SegmentValidationException when structural validation finds problems
   */
  public CompiledSegment compile() {
    List<Problem> problems = validate();
    if (!problems.isEmpty()) {
      throw new SegmentValidationException(source, problems);
    }
    return Compiler.compile(this);
  }

  /**
   * Compiles and explains in one step; prefer {@link #compile()} and {@link
   * CompiledSegment#explain} when explaining many profiles.
   *
   * @throws SegmentValidationException as {@link #compile()} and {@link CompiledSegment#explain} do
   */
  public Explanation explain(Profile profile, List<Event> events, EvaluationContext context) {
    return compile().explain(profile, events, context);
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof SegmentExpression that && expr.equals(that.expr);
  }

  @Override
  public int hashCode() {
    return expr.hashCode();
  }

  /** The canonical text. */
  @Override
  public String toString() {
    return print();
  }
}
