package io.cdpkit.app.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdpkit.core.consent.ConsentChange;
import io.cdpkit.core.profile.Consent;
import io.cdpkit.core.profile.ConsentStatus;
import io.cdpkit.core.profile.Profile;
import java.time.Instant;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cdp consent ID CHANNEL granted|denied}: records a decision at the run's now. */
@Command(name = "consent", footer = {"", "Examples:", "  cdp consent p-1001 email granted", "  cdp consent email:ann@example.com sms denied --purpose marketing"},
    description = "Record a consent decision for a channel.")
final class ConsentCommand extends Base {
  enum Decision { granted, denied }

  @Parameters(index = "0", paramLabel = "ID", description = "A profile id or type:value.")
  String id;

  @Parameters(index = "1", paramLabel = "CHANNEL", description = "email, sms, whatsapp, push, ... or all.")
  String channel;

  @Parameters(index = "2", paramLabel = "granted|denied")
  Decision decision;

  @Option(names = "--purpose", paramLabel = "P", description = "Default: ${DEFAULT-VALUE}.")
  String purpose = Consent.MARKETING;

  @Override
  public Integer call() {
    try (Session session = root().open()) {
      Profile profile = resolve(session.cdp, id);
      Instant now = session.cdp.clock().instant();
      ConsentStatus status = decision == Decision.granted ? ConsentStatus.GRANTED : ConsentStatus.DENIED;
      session.cdp.recordConsent(
          profile.id(), ConsentChange.of(channel, status, now, "cli").forPurpose(purpose));
      ObjectNode json = Json.object();
      json.put("profile_id", profile.id());
      json.put("channel", channel);
      json.put("purpose", purpose);
      json.put("status", status.name().toLowerCase(Locale.ROOT));
      json.put("at", now.toString());
      return print(json, profile.id() + ": " + channel + "/" + purpose + " " + decision + " at " + Instants.text(now));
    }
  }
}
