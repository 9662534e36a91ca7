package io.cdpkit.examples;

import io.cdpkit.core.Cdp;
import io.cdpkit.core.consent.ConsentChange;
import io.cdpkit.core.consent.Reachability;
import io.cdpkit.core.consent.ReachabilityCounts;
import io.cdpkit.core.identity.Identifier;
import io.cdpkit.core.profile.ConsentStatus;
import io.cdpkit.core.profile.Profile;
import java.io.PrintStream;
import java.time.Duration;

/** The consent part of the demo: a visitor withdraws email consent; reachability follows. */
final class ConsentStory {
  private final Cdp cdp;
  private final PrintStream out;

  ConsentStory(Cdp cdp, PrintStream out) {
    this.cdp = cdp;
    this.out = out;
  }

  void run(String email) {
    out.println();
    out.println("== Consent: a visitor withdraws email consent");
    Profile profile = cdp.findProfile(Identifier.email(email)).orElseThrow();
    Reachability now = cdp.reachability(profile.id(), "email");
    if (now.unreachableReason().filter(Reachability.Reason.CONSENT_DENIED::equals).isPresent()) {
      // The database keeps decisions: on a second run the withdrawal is already there.
      out.println(email + " withdrew email consent on an earlier run of the demo on this database");
      out.println("now:    " + describe(cdp.reachabilityCounts("email")));
      return;
    }
    out.println("before: " + describe(cdp.reachabilityCounts("email")));
    out.println(email + " reachable by email: " + describe(now));
    cdp.recordConsent(
        profile.id(),
        new ConsentChange(Identifier.email(email), "email", "marketing", ConsentStatus.DENIED,
            cdp.clock().instant().minus(Duration.ofMinutes(5)), "preference_center", null, "preference_center"));
    out.println(email + " reachable by email: " + describe(cdp.reachability(profile.id(), "email")));
    out.println("after:  " + describe(cdp.reachabilityCounts("email")));
  }

  private static String describe(ReachabilityCounts counts) {
    return counts.total() + " profiles, " + counts.reachable() + " reachable by email, "
        + counts.unreachableTotal() + " not " + counts.unreachable();
  }

  private static String describe(Reachability reachability) {
    return reachability.isReachable()
        ? "yes, at " + reachability.identifierToUse().orElseThrow().value()
        : "no (" + reachability.unreachableReason().orElseThrow() + ")";
  }
}
