package io.cdpkit.core.identity;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

final class IdentifierProperties {

  @Property(tries = 300)
  void normalisingIsIdempotent(@ForAll("emails") String email, @ForAll("phones") String phone) {
    Identifier e = Identifier.email(email);
    assertThat(Identifier.email(e.value())).isEqualTo(e);
    Identifier p = Identifier.phone(phone);
    assertThat(Identifier.phone(p.value())).isEqualTo(p);
  }

  @Property(tries = 300)
  void emailCaseAndSurroundingSpaceNeverMatter(@ForAll("emails") String email) {
    assertThat(Identifier.email("  " + email.toUpperCase(java.util.Locale.ROOT) + "\t"))
        .isEqualTo(Identifier.email(email));
  }

  @Property(tries = 300)
  void phoneFormattingNeverMatters(@ForAll("digits") String digits) {
    String spaced = String.join(" ", digits.split("(?<=\\G..)"));
    assertThat(Identifier.phone("+" + spaced)).isEqualTo(Identifier.phone("00" + digits));
    assertThat(Identifier.of(Identifier.WHATSAPP, digits).value()).isEqualTo("+" + digits);
  }

  @Provide
  Arbitrary<String> emails() {
    Arbitrary<String> local = Arbitraries.strings().withCharRange('a', 'z').withChars('.', '+', '_').ofMinLength(1).ofMaxLength(20);
    Arbitrary<String> domain = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(12);
    return Combinators.combine(local, domain).as((l, d) -> l + "@" + d + ".com");
  }

  @Provide
  Arbitrary<String> phones() {
    return digits().map(d -> "+" + d);
  }

  /** National digits without a leading zero: a leading 00 is read as the international prefix. */
  @Provide
  Arbitrary<String> digits() {
    return Combinators.combine(
            Arbitraries.chars().range('1', '9'),
            Arbitraries.strings().numeric().ofMinLength(5).ofMaxLength(14))
        .as((first, rest) -> first + rest);
  }
}
