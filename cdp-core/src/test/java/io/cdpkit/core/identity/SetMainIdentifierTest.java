package io.cdpkit.core.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdpkit.core.Cdp;
import io.cdpkit.core.Identify;
import io.cdpkit.core.profile.Profile;
import org.junit.jupiter.api.Test;

/** Choosing the main identifier of a type changes which one is main and nothing else. */
final class SetMainIdentifierTest {

  @Test
  void setMainIdentifier_keepsTheUndeliverableReason() {
    Cdp cdp = Cdp.builder().build();
    Profile p = cdp.identify(Identify.builder().email("old@x.y").build());
    cdp.identify(Identify.builder().profileId(p.id()).email("new@x.y").build());
    cdp.markUndeliverable(Identifier.email("old@x.y"), "hard bounce", "mailer");

    Profile after = cdp.setMainIdentifier(p.id(), Identifier.email("old@x.y"));

    ProfileIdentifier old =
        after.identifiers().stream()
            .filter(i -> i.identifier().equals(Identifier.email("old@x.y")))
            .findFirst()
            .orElseThrow();
    assertThat(old.main()).isTrue();
    assertThat(old.deliverable()).isFalse();
    assertThat(old.undeliverableReason()).isEqualTo("hard bounce");
  }
}
