package io.cdpkit.segments;

import io.cdpkit.core.Cdp;
import io.cdpkit.core.InvalidInputException;
import io.cdpkit.core.Page;
import io.cdpkit.core.Subscription;
import io.cdpkit.core.identity.Identifier;
import io.cdpkit.core.profile.Profile;
import io.cdpkit.core.profile.ProfileQuery;
import io.cdpkit.segments.internal.membership.DefaultSegments;
import io.cdpkit.segments.spi.GroupStore;
import io.cdpkit.segments.spi.SegmentQueries;
import io.cdpkit.segments.spi.SegmentStore;
import io.cdpkit.segments.memory.InMemorySegmentStore;
import java.io.Writer;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import org.jspecify.annotations.Nullable;

/**
 * Saved segments, static groups and live membership on a {@link Cdp}. Attach once per Cdp:
 *
 * <pre>{@code
 * Segments segments = Segments.attach(cdp);
 * segments.save("young-with-email", "age < 30 and $identifier.email is not empty");
 * segments.subscribe(t -> System.out.println(t.profileId() + " " + t.kind() + " " + t.segment()));
 * long members = segments.count("young-with-email");
 * }</pre>
 *
 * <p>Membership is kept current: after every identify, track, merge, unmerge, consent change or
 * erasure, the profile's segments are re-evaluated and each change is published as a {@link
 * SegmentTransition}. Windows ({@code in the last 30 days}) change membership as time passes:
 * {@link #refresh(Instant)} (or the optional scheduler) re-evaluates the profiles whose answer can
 * have changed. A newly saved segment computes its members without publishing entries, so a
 * workflow triggered by entering it starts only for future entries. Thread-safe.
 */
public interface Segments extends AutoCloseable {

  /** Segments on in-memory stores, attached to the Cdp. */
  static Segments attach(Cdp cdp) {
    return builder(cdp).build();
  }

  static Builder builder(Cdp cdp) {
    return new Builder(cdp);
  }

  /**
   * Saves a new segment after validating it (syntax, unknown segments and groups, cycles,
   * patterns, bounds) and computes its members, publishing no transitions.
   *
   * @throws InvalidInputException for a bad or taken name
   * @throws SegmentSyntaxException for text that does not parse
   * @throws SegmentValidationException for a semantic error
   */
  SavedSegment save(String name, String expression, @Nullable String description);

  default SavedSegment save(String name, String expression) {
    return save(name, expression, null);
  }

  /** Replaces a segment's expression and description; members that change are published. */
  SavedSegment update(String name, String expression, @Nullable String description);

  /** Renames a segment. @throws SegmentInUseException when another segment refers to it by name */
  SavedSegment rename(String name, String newName);

  /** Saves a copy under a new name, with the same members. */
  SavedSegment duplicate(String name, String newName);

  /** Deletes a segment. @throws SegmentInUseException when a segment or workflow uses it */
  void delete(String name);

  Optional<SavedSegment> find(String name);

  /** @throws SegmentNotFoundException when there is no such segment */
  SavedSegment get(String name);

  /** Every saved segment with its member count, by name. */
  List<SegmentSummary> list();

  /** The member count, read from the maintained membership. */
  long count(String name);

  /** How many profiles match an ad-hoc expression now (evaluates every profile). */
  long countMatching(String expression);

  /** A page of member profile ids, in id order. */
  Page<String> members(String name, int limit, @Nullable String cursor);

  /**
   * A page of member profiles in the query's order (any attribute, {@code $created_at} or {@code
   * $id}, as {@link io.cdpkit.core.Cdp#profiles} orders them).
   */
  Page<Profile> memberProfiles(String name, ProfileQuery query);

  /** The profile ids matching an ad-hoc expression now, in id order. */
  List<String> matching(String expression);

  /**
   * A page of the profiles matching an ad-hoc expression now, in the query's order, as {@link
   * #memberProfiles} pages a saved segment's members.
   */
  Page<Profile> matchingProfiles(String expression, ProfileQuery query);

  /**
   * Writes the segment's members as CSV with a header row, streaming: {@code id} and the chosen
   * columns, each an attribute name, {@code $identifier.TYPE} (the main identifier of the type),
   * {@code $created_at} or {@code $updated_at}.
   */
  void exportMembers(String name, List<String> columns, Writer out);

  boolean isMember(String name, String profileId);

  /** The saved segments the profile is in, by name. */
  List<String> segmentsOf(String profileId);

  /** Why the profile is in or out of a saved segment (by name) or an expression. */
  Explanation explain(String profileId, String nameOrExpression);

  StaticGroup createGroup(String name);

  StaticGroup renameGroup(String name, String newName);

  /** @throws SegmentInUseException when a segment refers to the group */
  void deleteGroup(String name);

  List<StaticGroup> groups();

  /** Adds profiles (ids or old merged ids) to the group; returns how many were new. */
  long addToGroup(String group, Collection<String> profileIds);

  long removeFromGroup(String group, Collection<String> profileIds);

  /**
   * Adds the profiles holding the identifiers to the group; returns how many were new. The change
   * counts as arriving through each identifier: an unmerge gives it to the profile the identifier
   * goes back to.
   *
   * @throws io.cdpkit.core.ProfileNotFoundException for an identifier no profile holds
   */
  long addIdentifiedToGroup(String group, Collection<Identifier> identifiers);

  /** Removes the profiles holding the identifiers, as {@link #addIdentifiedToGroup}. */
  long removeIdentifiedFromGroup(String group, Collection<Identifier> identifiers);

  /** Adds every profile matching the expression now; returns how many were new. */
  long addMatchingToGroup(String group, String expression);

  Page<String> groupMembers(String group, int limit, @Nullable String cursor);

  List<String> groupsOf(String profileId);

  /** Registers a listener for transitions from now on. */
  Subscription subscribe(SegmentListener listener);

  /**
   * Registers a listener called inside the write that stores each transition from now on, before
   * it commits, so that what the listener writes to the same database (a store that {@linkplain
   * io.cdpkit.segments.spi.SegmentStore#joinsStorageWrites() joins storage writes}) commits with
   * the membership change or not at all, whichever process made it. An exception fails the write.
   * The listener must be quick and must not call back into segments. It hears the transitions
   * {@link #subscribe} listeners hear, except the exits of profiles merged away or erased (their
   * ids are gone). By default the same as {@link #subscribe}.
   */
  default Subscription subscribeInTransaction(SegmentListener listener) {
    return subscribe(listener);
  }

  /**
   * Records that {@code user} (such as {@code workflow:welcome}) uses the segment or group, so
   * deleting it is refused while the returned subscription is open.
   */
  Subscription registerUse(String segmentOrGroup, String user);

  /**
   * Re-evaluates the profiles whose membership can have changed with time since their last
   * evaluation, publishing transitions with cause {@link SegmentTransition.Cause#TIME}.
   */
  RefreshResult refresh(Instant now);

  /** {@link #refresh(Instant)} at the Cdp clock's now. */
  default RefreshResult refresh() {
    return refresh(cdp().clock().instant());
  }

  /**
   * Re-evaluates every saved segment for these profiles after {@code $computed} values they read
   * were recalculated outside any event (such as predictions by a model fit), publishing
   * transitions with cause {@link SegmentTransition.Cause#RECALCULATED}. Unknown and merged-away
   * ids are skipped.
   */
  RefreshResult recalculated(Collection<String> profileIds);

  /** Calls {@link #refresh()} every {@code period} on the executor until closed. */
  Subscription scheduleRefresh(ScheduledExecutorService executor, Duration period);

  /** An evaluation context at {@code now} that knows the saved segments and groups. */
  EvaluationContext context(Instant now);

  /** The Cdp this is attached to. */
  Cdp cdp();

  /** Detaches from the Cdp (no more live updates) and closes the stores. */
  @Override
  void close();

  /** Configures {@link Segments}. Not thread-safe. */
  final class Builder {
    private final Cdp cdp;
    private @Nullable SegmentStore store;
    private @Nullable GroupStore groups;
    private ComputedAttributes computed = ComputedAttributes.none();
    private SegmentQueries queries = SegmentQueries.none();
    private @Nullable Duration queryBudget;

    private Builder(Cdp cdp) {
      this.cdp = Objects.requireNonNull(cdp, "cdp");
    }

    /** Where definitions and memberships live; in memory by default. */
    public Builder store(SegmentStore segmentStore) {
      this.store = Objects.requireNonNull(segmentStore, "segmentStore");
      return this;
    }

    /** Where static groups live; in memory by default. */
    public Builder groups(GroupStore groupStore) {
      this.groups = Objects.requireNonNull(groupStore, "groupStore");
      return this;
    }

    /** The {@code $computed.NAME} values segments may read. */
    public Builder computed(ComputedAttributes attributes) {
      this.computed = Objects.requireNonNull(attributes, "attributes");
      return this;
    }

    /**
     * Answers ad-hoc matches and counts, and the initial members of segments that do not depend
     * on time, inside the store (such as {@code SqliteStorage.segmentQueries()}); by default every
     * profile is evaluated in Java. The store must hold the Cdp's profiles and events.
     */
    public Builder queries(SegmentQueries segmentQueries) {
      this.queries = Objects.requireNonNull(segmentQueries, "segmentQueries");
      return this;
    }

    /**
     * The longest an ad-hoc count or match ({@link Segments#countMatching}, {@link
     * Segments#matching}) may run, in SQL or in Java, before it stops with {@link
     * QueryBudgetExceededException}; unlimited by default. Set it wherever expressions come from
     * people over a network (the dashboard does), so one expensive question cannot hold a server.
     * Saving a segment and maintaining its members are never stopped.
     */
    public Builder queryBudget(Duration budget) {
      Objects.requireNonNull(budget, "budget");
      if (budget.isNegative() || budget.isZero()) {
        throw new IllegalArgumentException("queryBudget must be positive, was " + budget);
      }
      this.queryBudget = budget;
      return this;
    }

    public Segments build() {
      InMemorySegmentStore memory = store == null || groups == null ? InMemorySegmentStore.create() : null;
      return new DefaultSegments(
          cdp,
          store != null ? store : memory,
          groups != null ? groups : memory,
          computed,
          queries,
          queryBudget);
    }
  }
}
