package io.cdpkit.core.tracking;

import io.cdpkit.core.Cdp;
import io.cdpkit.core.CdpException;
import io.cdpkit.core.InvalidInputException;
import io.cdpkit.core.identity.Identifier;
import io.cdpkit.core.profile.Profile;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out what an alias message states when both its ids are user ids of different profiles:
 * the two profiles are merged as a manual merge ({@link Cdp#merge}), which the automatic rules
 * would refuse since a {@code user_id} is exclusive; the merge caps of the identity rules still
 * apply. (An alias of an anonymous id needs nothing here: the identify it maps to links the id.)
 * Thread-safe.
 */
final class AliasMerges {
  private static final Logger log = LoggerFactory.getLogger(AliasMerges.class);
  /** The actor recorded in the identity log, followed by the message id. */
  static final String ACTOR_PREFIX = "alias:";

  private final Cdp cdp;

  AliasMerges(Cdp cdp) {
    this.cdp = cdp;
  }

  /**
   * Merges the profiles of the alias's two user ids when both exist and differ. A merge the
   * identity rules refuse (a cap reached) is logged at WARN; the alias event stays stored.
   */
  void merge(MessageMapper.AliasPair alias, String messageId) {
    Optional<Profile> previous = find(alias.previousId());
    Optional<Profile> user = find(alias.userId());
    if (previous.isEmpty() || user.isEmpty() || previous.get().id().equals(user.get().id())) {
      return;
    }
    try {
      cdp.merge(List.of(previous.get().id(), user.get().id()), ACTOR_PREFIX + messageId);
    } catch (CdpException refused) {
      log.warn("Alias {} did not merge profiles {} and {}: {}", messageId, previous.get().id(),
          user.get().id(), refused.getMessage());
    }
  }

  private Optional<Profile> find(String userId) {
    try {
      return cdp.findProfile(Identifier.userId(userId));
    } catch (InvalidInputException notAUserId) {
      return Optional.empty();
    }
  }
}
