package io.cdpkit.core.spi;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdpkit.core.identity.Identifier;
import org.junit.jupiter.api.Test;

final class SuppressionListTest {

  @Test
  void hashOf_isTheSha256OfTypeColonValue_asStoredListsHoldIt() {
    // Databases keep these hashes: a change of rule would let erased people back in.
    assertThat(SuppressionList.hashOf(Identifier.email("ann@example.com")))
        .isEqualTo("35f3b3170d36d0a179d1bf8e9cf8cfc364ca33bccbc6a94127b30f3d71b365e2");
  }
}
