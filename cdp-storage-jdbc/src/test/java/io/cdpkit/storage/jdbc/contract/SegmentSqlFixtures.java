package io.cdpkit.storage.jdbc.contract;

import io.cdpkit.core.event.Event;
import io.cdpkit.core.identity.ProfileIdentifier;
import io.cdpkit.core.profile.Profile;
import io.cdpkit.core.spi.StoredIdentifier;
import io.cdpkit.core.spi.StoredProfile;
import io.cdpkit.segments.EvaluationContext;
import io.cdpkit.segments.SegmentExpression;
import io.cdpkit.segments.ast.Expr;
import io.cdpkit.segments.spi.SegmentQueries.SegmentQuery;
import io.cdpkit.storage.jdbc.JdbcStorage;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes profiles with their identifiers and events into a SQL store, and asks it a segment query:
 * the fixtures of the stores' segment SQL tests.
 */
public final class SegmentSqlFixtures {
  private SegmentSqlFixtures() {}

  /** Stores each profile (row, identifiers) and its events, as the Cdp would have. */
  public static void store(JdbcStorage storage, Map<Profile, ? extends Collection<Event>> profiles) {
    storage.write(session -> {
      profiles.forEach((profile, events) -> {
        session.profiles().insert(new StoredProfile(profile.id(), profile.attributes(),
            profile.consents(), profile.createdAt(), profile.updatedAt(), profile.mergedIds()));
        for (ProfileIdentifier identifier : profile.identifiers()) {
          session.identifiers().put(new StoredIdentifier(identifier, profile.id(), profile.id()));
        }
        for (Event event : events) {
          session.events().insert(event, profile.id());
        }
      });
      return null;
    });
  }

  /** The store's answer for the expression, with saved segments from {@code segments}. */
  public static Optional<List<String>> matching(
      JdbcStorage storage, Expr expr, EvaluationContext context, Map<String, Expr> segments) {
    return storage.segmentQueries().matching(new SegmentQuery(expr, context,
        name -> Optional.ofNullable(segments.get(name)), storage.groupStore()));
  }

  /** The ids of the profiles the in-memory evaluator matches, in code point order. */
  public static List<String> evaluator(
      Map<Profile, ? extends Collection<Event>> profiles, Expr expr, EvaluationContext context) {
    List<String> ids = new ArrayList<>();
    profiles.forEach((profile, events) -> {
      if (SegmentExpression.of(expr).compile().evaluate(profile, List.copyOf(events), context)) {
        ids.add(profile.id());
      }
    });
    ids.sort(null);
    return ids;
  }
}
