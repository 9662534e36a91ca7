package io.cdpkit.core.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdpkit.core.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

final class IdentifierTest {

  @ParameterizedTest
  @CsvSource({
    "'  Ann@Example.COM ', ann@example.com",
    "a.b+tag@x.io, a.b+tag@x.io",
  })
  void email_isTrimmedAndLowerCased(String raw, String normalised) {
    assertThat(Identifier.email(raw).value()).isEqualTo(normalised);
  }

  @ParameterizedTest
  @CsvSource({
    "'+31 6 1234 5678', +31612345678",
    "0031-6-1234-5678, +31612345678",
    "'+1 (555) 010-9999', +15550109999",
  })
  void phone_keepsDigitsWithLeadingPlus(String raw, String normalised) {
    assertThat(Identifier.phone(raw).value()).isEqualTo(normalised);
    assertThat(Identifier.of("whatsapp", raw).value()).isEqualTo(normalised);
  }

  @ParameterizedTest
  @ValueSource(strings = {"no-at-sign", "@example.com", "ann@", "a@b@c", "a b@c.d"})
  void email_withoutOneAtBetweenText_isRefused(String raw) {
    assertThatThrownBy(() -> Identifier.email(raw))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> {
              assertThat(e.field()).isEqualTo("email identifier");
              assertThat(e.value()).isEqualTo(raw.strip());
            });
  }

  @ParameterizedTest
  @ValueSource(strings = {"12345", "+1234567890123456", "+31 6 abc", "phone", "(020) 123.4567",
      "0812-3456-7890", "+081234567890", "(555) 123-4567"})
  void phone_withTooFewOrManyDigitsOrLetters_isRefused(String raw) {
    assertThatThrownBy(() -> Identifier.phone(raw)).isInstanceOf(InvalidInputException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "Email", "e-mail", "1type", "way_too_long_type_name_that_goes_on_and_on_and_on_beyond_sixty_four_chars"})
  void type_outsideTheNamingRule_isRefused(String type) {
    assertThatThrownBy(() -> Identifier.of(type, "x"))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("identifier type"));
  }

  @Test
  void value_blankOrTooLong_isRefused() {
    assertThatThrownBy(() -> Identifier.deviceId("   ")).hasMessageContaining("must not be blank");
    assertThatThrownBy(() -> Identifier.deviceId("x".repeat(513)))
        .hasMessageContaining("at most 512");
  }

  @Test
  void whatsappId_ofBareInternationalDigits_getsItsPlus() {
    assertThat(Identifier.of("whatsapp", "6281234567890").value()).isEqualTo("+6281234567890");
    assertThatThrownBy(() -> Identifier.of("whatsapp", "081234567890")).isInstanceOf(InvalidInputException.class);
  }

  @Test
  void openEndedChannelTypes_areTrimmedOnly() {
    assertThat(Identifier.of("instagram", "  @Ann.Designs ").value()).isEqualTo("@Ann.Designs");
    assertThat(Identifier.of("telegram", "Ann").toString()).isEqualTo("telegram:Ann");
  }
}
