package io.cdpkit.storage.postgres.internal;

import io.cdpkit.segments.ast.Aggregate;
import io.cdpkit.segments.ast.AnyWhere;
import io.cdpkit.segments.ast.Check;
import io.cdpkit.segments.ast.CompareOp;
import io.cdpkit.segments.ast.Literal;
import io.cdpkit.segments.ast.Path;
import io.cdpkit.storage.jdbc.sql.SegmentSqlCompiler;
import io.cdpkit.storage.jdbc.sql.SqlDialect;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/*
 * Design: PostgreSQL has no Java functions to defer to, so a test is either native SQL that is
 * exactly the evaluator's on every value it can meet, or unsupported (the whole expression falls
 * back to the evaluator). Native: =, <, <=, >, >=, != , between, in and not in with text, number
 * and boolean literals, and is [not] empty, on a top-level attribute or event property, on $id,
 * $type, $source and on $identifier.T. The value rules are cdp-segments' Values:
 *
 * - a missing value (absent or JSON null) fails every positive test except is empty; negated
 *   tests (!=, not in, is not empty) are NOT of the positive test, as in the evaluator;
 * - on an array, a test holds when it holds for an element (is empty: the array is []);
 * - numbers compare as numeric, PostgreSQL's exact decimal, like BigDecimal.compareTo; a text
 *   compares numerically with a number when it matches NUMBER, the evaluator's number syntax (the
 *   same pattern decides whether a text literal is a number, here in Java);
 * - texts compare exactly in code-point order (COLLATE "C" is byte order, code-point order in
 *   UTF-8);
 * - booleans equal true / false and the texts "true" / "false" in any case (as String's
 *   equalsIgnoreCase, where the long s U+017F is an s); booleans have no order;
 * - is empty on a text: only white space as Character.isWhitespace says.
 * Also native: any NAME where (jsonb_array_elements over the list's object elements, the filter
 * on each), sum, min and max of a first-level path (PgMetricSql: numeric is exact, as BigDecimal),
 * consent and reachable via (PgConsentSql: the latest decision, its expiry, from the stored list).
 * Dates, date-times, windows on values, contains, starts / ends with and matches (Java's case
 * folding and regular expressions), avg (the evaluator rounds it to 34 digits), instants and
 * paths below the first level are unsupported.
 */

/** PostgreSQL's {@link SqlDialect}: jsonb_typeof, -> and #>>, numeric and COLLATE "C". */
final class PostgresDialect implements SqlDialect {
  static final PostgresDialect INSTANCE = new PostgresDialect();

  /** The evaluator's number syntax (Values.parseNumber), for Java and for PostgreSQL's ~. */
  private static final String NUMBER = "^[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]{1,4})?$";
  private static final Pattern NUMBER_PATTERN = Pattern.compile(NUMBER);
  private static final String TRUE = "^[tT][rR][uU][eE]$";
  private static final String FALSE = "^[fF][aA][lL][sS\\u017f][eE]$";
  private static final String BLANK = "^[" + whitespace() + "]*$";

  private PostgresDialect() {}

  @Override
  public String bool(boolean value) {
    return value ? "TRUE" : "FALSE";
  }

  @Override
  public void jsonCheck(SegmentSqlCompiler out, String column, Path path, Check check) {
    if (path.parts().size() != 1) {
      throw out.unsupported("a path below the first level: " + path);
    }
    Positive positive = positive(out, check);
    // The value is written inline where it is used, not read once by a sub-select: a correlated
    // sub-select per profile made the compiled count several times slower than hand SQL.
    Runnable v = () -> out.sql("(" + column + " -> ").param(path.parts().get(0)).sql(")");
    if (plainText(positive)) {
      // = a text that reads as neither a number nor a boolean: only a string (or a list's string
      // element) equal to it passes, which jsonb containment decides in one lookup (a string
      // contains only an equal string, an array a string among its own elements).
      String text = ((Literal.Text) positive.terms.get(0).literal).value();
      out.sql(positive.negated ? "NOT " : "").sql("coalesce(");
      v.run();
      out.sql(" @> to_jsonb(").param(text).sql("::text), FALSE)");
      return;
    }
    if (check instanceof Check.IsEmpty) {
      isEmpty(out, v, positive);
      return;
    }
    // One CASE on the value's kind, numbers first: missing, JSON null and objects fail.
    out.sql(positive.negated ? "NOT " : "").sql("coalesce(");
    jsonScalar(out, v, positive.terms, positive.all, () -> {
      out.sql(" WHEN 'array' THEN EXISTS (SELECT 1 FROM jsonb_array_elements(");
      v.run();
      out.sql(") a(v) WHERE ");
      jsonScalar(out, () -> out.sql("a.v"), positive.terms, positive.all, () -> { });
      out.sql(")");
    });
    out.sql(", FALSE)");
  }

  /** {@code is [not] empty}: true on a missing value or JSON null, blank text, [] and {}. */
  private void isEmpty(SegmentSqlCompiler out, Runnable v, Positive positive) {
    out.sql(positive.negated ? "NOT " : "").sql("coalesce(CASE WHEN ");
    v.run();
    out.sql(" IS NULL OR jsonb_typeof(");
    v.run();
    out.sql(") = 'null' THEN ").sql(bool(positive.onMissing)).sql(" ELSE CASE jsonb_typeof(");
    v.run();
    out.sql(") WHEN 'string' THEN (");
    v.run();
    out.sql(" #>> '{}') ~ ").param(BLANK).sql(" WHEN 'array' THEN ");
    v.run();
    out.sql(" = '[]'::jsonb WHEN 'object' THEN ");
    v.run();
    out.sql(" = '{}'::jsonb ELSE FALSE END END, FALSE)");
  }

  /**
   * As the evaluator: true when the value is a list with an object element that passes the
   * filter, whose paths read the element. A longer path or a filter reading more than the
   * element ({@code $type}, ...) is unsupported.
   */
  @Override
  public void anyWhere(SegmentSqlCompiler out, String column, AnyWhere any) {
    if (any.path().parts().size() != 1) {
      throw out.unsupported("any over a path below the first level: " + any.path());
    }
    // j1, j2, ...: one alias per nesting level, since an inner any reads the outer element.
    String element = "j" + (column.startsWith("j") ? Integer.parseInt(column.substring(1,
        column.indexOf('.'))) + 1 : 1);
    Runnable v = () -> out.sql("(" + column + " -> ").param(any.path().parts().get(0)).sql(")");
    out.sql("coalesce(jsonb_typeof(");
    v.run();
    out.sql(") = 'array' AND EXISTS (SELECT 1 FROM jsonb_array_elements(");
    v.run();
    out.sql(") " + element + "(v) WHERE jsonb_typeof(" + element + ".v) = 'object' AND ");
    elementFilter(out, element + ".v", any.filter());
    out.sql("), FALSE)");
  }

  @Override
  public void identifiersCheck(SegmentSqlCompiler out, String type, Check check) {
    Positive positive = positive(out, check);
    out.sql(positive.negated ? "NOT " : "")
        .sql("EXISTS (SELECT 1 FROM identifiers i WHERE i.profile_id = p.id AND i.type = ").param(type)
        .sql(" AND (");
    textTerms(out, () -> out.sql("i.value"), positive.terms, positive.all);
    out.sql("))");
  }

  @Override
  public void textCheck(SegmentSqlCompiler out, @Nullable String column, Check check) {
    Positive positive = positive(out, check);
    if (column == null) {
      out.sql(bool(positive.onMissing != positive.negated));
      return;
    }
    out.sql(positive.negated ? "NOT (" : "(");
    if (check instanceof Check.IsEmpty) {
      out.sql(column + " ~ ").param(BLANK);
    } else {
      textTerms(out, () -> out.sql(column), positive.terms, positive.all);
    }
    out.sql(")");
  }

  @Override
  public void instantCheck(SegmentSqlCompiler out, @Nullable String column, Check check) {
    throw out.unsupported("a test on an instant field");
  }

  @Override
  public void consentStatus(SegmentSqlCompiler out, String channel) {
    PgConsentSql.status(out, channel);
  }

  @Override
  public void metric(SegmentSqlCompiler out, Aggregate.MetricOf metric, Runnable rows) {
    PgMetricSql.ofProfile(out, metric, rows);
  }

  /** Sets where PostgreSQL joins them: positive and under AND alone. */
  @Override
  public boolean positiveSetsUnderAnd() {
    return true;
  }

  @Override
  public void profilesWithMetric(SegmentSqlCompiler out, Aggregate.MetricOf metric, boolean onNone,
      Consumer<@Nullable String> rows) {
    PgMetricSql.profilesWith(out, metric, onNone, rows);
  }

  /** True for {@code =} or {@code !=} a text that reads as neither a number nor a boolean. */
  private static boolean plainText(Positive positive) {
    if (positive.terms.size() != 1 || positive.terms.get(0).op != CompareOp.EQ
        || !(positive.terms.get(0).literal instanceof Literal.Text text)) {
      return false;
    }
    return parseNumber(text.value()) == null && parseBoolean(text.value()) == null;
  }

  // ---- the positive form of a check

  /** One comparison of a value with a literal. */
  private record Term(CompareOp op, Literal literal) {}

  /**
   * A check as the evaluator runs it: the positive test ({@code terms}, all or any of them; none
   * for is empty), whether the check negates it, and its answer on a missing value.
   */
  private record Positive(List<Term> terms, boolean all, boolean negated, boolean onMissing) {}

  private static Positive positive(SegmentSqlCompiler out, Check check) {
    Positive positive;
    if (check instanceof Check.Compare compare) {
      boolean ne = compare.op() == CompareOp.NE;
      positive = new Positive(List.of(new Term(ne ? CompareOp.EQ : compare.op(), compare.value())),
          true, ne, false);
    } else if (check instanceof Check.InList in) {
      positive = new Positive(in.values().items().stream().map(item -> new Term(CompareOp.EQ, item))
          .toList(), false, in.negated(), false);
    } else if (check instanceof Check.Between between) {
      positive = new Positive(List.of(new Term(CompareOp.GE, between.low()),
          new Term(CompareOp.LE, between.high())), true, false, false);
    } else if (check instanceof Check.IsEmpty empty) {
      return new Positive(List.of(), true, empty.negated(), true);
    } else {
      throw out.unsupported("a " + check.getClass().getSimpleName().toLowerCase(Locale.ROOT) + " test");
    }
    for (Term term : positive.terms) {
      if (!(term.literal instanceof Literal.Text || term.literal instanceof Literal.Num
          || term.literal instanceof Literal.Bool)) {
        throw out.unsupported("a comparison with " + term.literal);
      }
    }
    return positive;
  }

  // ---- tests on one scalar; an operand writes a value's SQL (and its parameters) where it is used

  /**
   * The terms on the jsonb value {@code x}, by its kind; {@code more} may add {@code WHEN} branches
   * for other kinds; FALSE for the rest (null, a missing value, objects, and arrays unless added).
   */
  private void jsonScalar(SegmentSqlCompiler out, Runnable x, List<Term> terms, boolean all,
      Runnable more) {
    out.sql("CASE jsonb_typeof(");
    x.run();
    out.sql(") WHEN 'number' THEN ");
    junction(out, terms, all, term -> numberTerm(out, () -> {
      out.sql("(");
      x.run();
      out.sql(")::numeric");
    }, term));
    out.sql(" WHEN 'string' THEN ");
    textTerms(out, () -> {
      out.sql("(");
      x.run();
      out.sql(" #>> '{}')");
    }, terms, all);
    out.sql(" WHEN 'boolean' THEN ");
    junction(out, terms, all, term -> booleanTerm(out, () -> {
      out.sql("(");
      x.run();
      out.sql(")::boolean");
    }, term));
    more.run();
    out.sql(" ELSE FALSE END");
  }

  private void textTerms(SegmentSqlCompiler out, Runnable t, List<Term> terms, boolean all) {
    junction(out, terms, all, term -> textTerm(out, t, term));
  }

  private void junction(SegmentSqlCompiler out, List<Term> terms, boolean all,
      java.util.function.Consumer<Term> each) {
    if (terms.isEmpty()) {
      out.sql(bool(all));
      return;
    }
    out.sql("(");
    for (int i = 0; i < terms.size(); i++) {
      out.sql(i == 0 ? "(" : all ? " AND (" : " OR (");
      each.accept(terms.get(i));
      out.sql(")");
    }
    out.sql(")");
  }

  /** A term on a text value {@code t}. */
  private void textTerm(SegmentSqlCompiler out, Runnable t, Term term) {
    if (term.literal instanceof Literal.Num num) {
      out.sql("CASE WHEN ");
      t.run();
      out.sql(" ~ ").param(NUMBER).sql(" THEN (");
      t.run();
      out.sql(")::numeric " + term.op.symbol() + " ").param(num.value()).sql(" ELSE FALSE END");
    } else if (term.literal instanceof Literal.Text text) {
      t.run();
      out.sql(term.op == CompareOp.EQ ? " = " : " COLLATE \"C\" " + term.op.symbol() + " ")
          .param(text.value());
    } else {
      boolean value = ((Literal.Bool) term.literal).value();
      if (term.op == CompareOp.EQ) {
        t.run();
        out.sql(" ~ ").param(value ? TRUE : FALSE);
      } else {
        out.sql("FALSE");
      }
    }
  }

  /** A term on a number value {@code n}. */
  private void numberTerm(SegmentSqlCompiler out, Runnable n, Term term) {
    BigDecimal number = term.literal instanceof Literal.Num num ? num.value()
        : term.literal instanceof Literal.Text text ? parseNumber(text.value()) : null;
    if (number == null) {
      out.sql("FALSE");
    } else {
      n.run();
      out.sql(" " + term.op.symbol() + " ").param(number);
    }
  }

  /** A term on a boolean value {@code b}. */
  private void booleanTerm(SegmentSqlCompiler out, Runnable b, Term term) {
    Boolean value = term.literal instanceof Literal.Bool bool ? Boolean.valueOf(bool.value())
        : term.literal instanceof Literal.Text text ? parseBoolean(text.value()) : null;
    if (value == null || term.op != CompareOp.EQ) {
      out.sql("FALSE");
    } else {
      b.run();
      out.sql(" = " + bool(value));
    }
  }

  private static @Nullable BigDecimal parseNumber(String text) {
    return NUMBER_PATTERN.matcher(text).matches() ? new BigDecimal(text) : null;
  }

  private static @Nullable Boolean parseBoolean(String text) {
    return text.equalsIgnoreCase("true") ? Boolean.TRUE
        : text.equalsIgnoreCase("false") ? Boolean.FALSE : null;
  }

  /** A bracket-expression body of every code point Character.isWhitespace accepts, as \\uXXXX. */
  private static String whitespace() {
    StringBuilder chars = new StringBuilder();
    for (int c = 0; c <= Character.MAX_CODE_POINT; c++) {
      if (Character.isWhitespace(c)) {
        if (c > 0xFFFF) {
          throw new IllegalStateException("white space beyond the BMP: " + c);
        }
        chars.append(String.format(Locale.ROOT, "\\u%04x", c));
      }
    }
    return chars.toString();
  }
}
