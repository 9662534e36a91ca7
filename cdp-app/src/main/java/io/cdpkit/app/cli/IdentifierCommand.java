package io.cdpkit.app.cli;

import io.cdpkit.core.InvalidInputException;
import io.cdpkit.core.identity.Identifier;
import io.cdpkit.core.profile.Profile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cdp identifier main|undeliverable|deliverable}: which identifier messages go to. */
@Command(
    name = "identifier",
    description = "Choose the identifier messages go to, and mark addresses undeliverable.",
    footer = {"", "Examples:", "  cdp identifier main p-1001 email:ann@work.example.com",
        "  cdp identifier undeliverable email:ann@example.com --reason 'hard bounce'"},
    subcommands = {IdentifierCommand.Main.class, IdentifierCommand.Undeliverable.class,
        IdentifierCommand.Deliverable.class})
final class IdentifierCommand {
  private IdentifierCommand() {}

  /** A {@code type:value} argument as an identifier. */
  static Identifier identifier(String typeAndValue) {
    int colon = typeAndValue.indexOf(':');
    if (colon <= 0 || colon == typeAndValue.length() - 1) {
      throw new InvalidInputException("IDENTIFIER", typeAndValue, "must be type:value, such as email:ann@example.com");
    }
    return Identifier.of(typeAndValue.substring(0, colon), typeAndValue.substring(colon + 1));
  }

  @Command(name = "main", description = "Make an identifier the profile's main one of its type.")
  static final class Main extends Base {
    @Parameters(index = "0", paramLabel = "PROFILE", description = "A profile id or type:value.")
    String profile;

    @Parameters(index = "1", paramLabel = "TYPE:VALUE", description = "An identifier the profile holds.")
    String identifier;

    @Override
    public Integer call() {
      try (Session session = root().open()) {
        Identifier chosen = identifier(identifier);
        Profile updated = session.cdp.setMainIdentifier(resolve(session.cdp, profile).id(), chosen);
        return print(Json.object().put("profile_id", updated.id()).put("type", chosen.type())
                .put("main", chosen.value()),
            "main " + chosen.type() + " of " + updated.id() + " is now " + chosen.value());
      }
    }
  }

  @Command(name = "undeliverable", description = "Mark an identifier undeliverable (a hard bounce);"
      + " sends and reachability skip it.")
  static final class Undeliverable extends Base {
    @Parameters(paramLabel = "TYPE:VALUE")
    String identifier;

    @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why, such as 'hard bounce'.")
    String reason;

    @Override
    public Integer call() {
      try (Session session = root().open()) {
        Identifier marked = identifier(identifier);
        Profile profile = session.cdp.markUndeliverable(marked, reason, "cli");
        return print(Json.object().put("profile_id", profile.id()).put("identifier", identifier)
                .put("undeliverable", reason),
            identifier + " of " + profile.id() + " is undeliverable: " + reason);
      }
    }
  }

  @Command(name = "deliverable", description = "Mark an identifier deliverable again.")
  static final class Deliverable extends Base {
    @Parameters(paramLabel = "TYPE:VALUE")
    String identifier;

    @Override
    public Integer call() {
      try (Session session = root().open()) {
        Profile profile = session.cdp.markDeliverable(identifier(identifier), "cli");
        return print(Json.object().put("profile_id", profile.id()).put("identifier", identifier)
            .put("deliverable", true), identifier + " of " + profile.id() + " is deliverable again");
      }
    }
  }
}
