package io.cdpkit.segments.internal.eval;

import io.cdpkit.segments.ast.Literal;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** A literal with the forms comparisons need worked out once, at compile time. Immutable. */
final class Lit {
  enum Kind {
    TEXT,
    NUMBER,
    BOOLEAN,
    DATE,
    DATE_TIME
  }

  final Kind kind;
  /** The number of a number literal, or of a text literal that reads fully as a number. */
  final @Nullable BigDecimal number;
  /** The text of a text literal. */
  final @Nullable String text;
  /** The literal's text form, case-folded, for contains / starts with / ends with. */
  final String folded;
  /** The boolean of a boolean literal, or of a text literal "true"/"false" in any case. */
  final @Nullable Boolean bool;
  final @Nullable LocalDate date;
  final @Nullable Instant instant;

  private Lit(Kind kind, @Nullable BigDecimal number, @Nullable String text, String folded,
      @Nullable Boolean bool, @Nullable LocalDate date, @Nullable Instant instant) {
    this.kind = kind;
    this.number = number;
    this.text = text;
    this.folded = folded;
    this.bool = bool;
    this.date = date;
    this.instant = instant;
  }

  static Lit of(Literal literal) {
    if (literal instanceof Literal.Text text) {
      String value = text.value();
      return new Lit(Kind.TEXT, Values.parseNumber(value), value, Fold.fold(value),
          Values.parseBoolean(value), null, null);
    }
    if (literal instanceof Literal.Num num) {
      return new Lit(Kind.NUMBER, num.value(), null, num.value().toPlainString(), null, null, null);
    }
    if (literal instanceof Literal.Bool bool) {
      return new Lit(Kind.BOOLEAN, null, null, Boolean.toString(bool.value()), bool.value(), null, null);
    }
    if (literal instanceof Literal.Date date) {
      return new Lit(Kind.DATE, null, null, date.value().toString(), null, date.value(), null);
    }
    if (literal instanceof Literal.DateTime dateTime) {
      return new Lit(Kind.DATE_TIME, null, null,
          DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(dateTime.value()).toLowerCase(Locale.ROOT),
          null, null, dateTime.value().toInstant());
    }
    throw new IllegalArgumentException("not a scalar literal: " + literal);
  }
}
