package io.cdpkit.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdpkit.core.Cdp;
import io.cdpkit.core.identity.Identifier;
import io.cdpkit.core.profile.Profile;
import io.cdpkit.core.ProfileNotFoundException;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What every subcommand shares: the root's global options, output, and profile lookup. */
abstract class Base implements Callable<Integer> {
  @Spec CommandSpec spec;

  Cli root() {
    return (Cli) spec.root().userObject();
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  /** Prints the JSON with {@code --json}, else the text. */
  int print(JsonNode json, String text) {
    out().println(root().json ? Json.write(json) : text);
    out().flush();
    return 0;
  }

  /**
   * The profile an argument names: a profile id (or a merged-away id), else a {@code type:value}
   * identifier, else, for a bare value with an {@code @}, an email address.
   *
   * @throws ProfileNotFoundException when neither finds one
   */
  static Profile resolve(Cdp cdp, String idOrIdentifier) {
    Optional<Profile> byId = cdp.findProfile(idOrIdentifier);
    if (byId.isPresent()) {
      return byId.get();
    }
    int colon = idOrIdentifier.indexOf(':');
    if (colon > 0 && colon < idOrIdentifier.length() - 1) {
      Identifier identifier =
          Identifier.of(idOrIdentifier.substring(0, colon), idOrIdentifier.substring(colon + 1));
      Optional<Profile> byIdentifier = cdp.findProfile(identifier);
      if (byIdentifier.isPresent()) {
        return byIdentifier.get();
      }
    } else if (idOrIdentifier.contains("@")) {
      // A bare address is what people type first; no profile id matched it above.
      Optional<Profile> byEmail = cdp.findProfile(Identifier.email(idOrIdentifier));
      if (byEmail.isPresent()) {
        return byEmail.get();
      }
    }
    return cdp.getProfile(idOrIdentifier);
  }
}
