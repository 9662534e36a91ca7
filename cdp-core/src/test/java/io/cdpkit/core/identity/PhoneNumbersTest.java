package io.cdpkit.core.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

final class PhoneNumbersTest {
  private final PhoneNumbers indonesia = PhoneNumbers.withDefaultRegion("ID");

  @ParameterizedTest
  @ValueSource(strings = {"0812-3456-7890", "+62 812-3456-7890", "0062 812 3456 7890", "(0812) 3456 7890",
      "+6281234567890"})
  void nationalAndInternationalFormsOfOneNumber_giveOneE164(String written) {
    assertThat(indonesia.read(written).number()).contains("+6281234567890");
    assertThat(Identifier.phone(indonesia.read(written).number().orElseThrow()).value())
        .isEqualTo(Identifier.of(Identifier.WHATSAPP, "6281234567890").value());
  }

  @Test
  void nationalNumber_isReadInTheDefaultRegion() {
    assertThat(PhoneNumbers.withDefaultRegion("us").read("(555) 123-4567").number()).contains("+15551234567");
    assertThat(PhoneNumbers.withDefaultRegion("NL").read("06 1234 5678").number()).contains("+31612345678");
  }

  @Test
  void nationalNumberWithoutADefaultRegion_isNotANumber() {
    PhoneNumbers.Reading reading = PhoneNumbers.internationalOnly().read("0812-3456-7890");
    assertThat(reading.number()).isEmpty();
    assertThat(reading.problem()).contains("no default region");
    assertThat(PhoneNumbers.internationalOnly().read("+31 6 1234 5678").number()).contains("+31612345678");
  }

  @ParameterizedTest
  @ValueSource(strings = {"12", "0812", "+62 812 3456 7890 1234 5678", "not a phone", "n/a"})
  void impossibleNumber_hasAReasonAndNoNumber(String written) {
    PhoneNumbers.Reading reading = indonesia.read(written);
    assertThat(reading.number()).isEmpty();
    assertThat(reading.problem()).isNotBlank().doesNotContain("Exception");
  }

  @Test
  void unknownRegion_isRefused() {
    assertThatThrownBy(() -> PhoneNumbers.withDefaultRegion("XX")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("XX");
  }
}
