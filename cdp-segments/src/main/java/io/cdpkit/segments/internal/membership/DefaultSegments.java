package io.cdpkit.segments.internal.membership;

import io.cdpkit.core.spi.StorageBacked;
import io.cdpkit.core.Cdp;
import io.cdpkit.core.InvalidInputException;
import io.cdpkit.core.Page;
import io.cdpkit.core.Subscription;
import io.cdpkit.core.identity.Identifier;
import io.cdpkit.core.delivery.DueWorkScheduler;
import io.cdpkit.core.exchange.DataFormat;
import io.cdpkit.core.exchange.ExportOptions;
import io.cdpkit.core.exchange.ProfileExporter;
import io.cdpkit.core.spi.Cursors;
import io.cdpkit.core.spi.ProfileOrdering;
import io.cdpkit.core.profile.Profile;
import io.cdpkit.core.profile.ProfileQuery;
import io.cdpkit.core.spi.StoredProfile;
import io.cdpkit.segments.CompiledSegment;
import io.cdpkit.segments.ComputedAttributes;
import io.cdpkit.segments.EvaluationContext;
import io.cdpkit.segments.QueryBudgetExceededException;
import io.cdpkit.segments.Explanation;
import io.cdpkit.segments.RefreshResult;
import io.cdpkit.segments.SavedSegment;
import io.cdpkit.segments.SegmentExpression;
import io.cdpkit.segments.SegmentInUseException;
import io.cdpkit.segments.SegmentListener;
import io.cdpkit.segments.SegmentSummary;
import io.cdpkit.segments.SegmentTransition;
import io.cdpkit.segments.Segments;
import io.cdpkit.segments.StaticGroup;
import io.cdpkit.segments.spi.GroupStore;
import io.cdpkit.segments.spi.SegmentQueries;
import io.cdpkit.segments.spi.SegmentStore;
import java.io.Writer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeSet;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine behind {@link Segments}: a coordinator over the {@link SegmentCatalog} (compiled
 * definitions), the {@link MembershipMaintainer} (stored membership kept equal to evaluation),
 * {@link LiveUpdates} (following the Cdp), {@link SegmentGroups} and the {@link
 * TransitionPublisher}. One lock, shared with them, serialises membership changes; transitions
 * are published after it is released.
 */
public final class DefaultSegments implements Segments {
  private static final Logger log = LoggerFactory.getLogger(DefaultSegments.class);

  private final Cdp cdp;
  private final SegmentStore store;
  private final SegmentQueries queries;
  private final @Nullable Duration queryBudget;
  private final ReentrantLock lock = new ReentrantLock();
  private final SegmentCatalog catalog;
  private final ProfileScan scan;
  private final MembershipMaintainer membership;
  private final TransitionPublisher publisher = new TransitionPublisher();
  private final DueWorkScheduler scheduler = new DueWorkScheduler("segment refresh");
  private final SegmentGroups groups;
  private final Subscription cdpSubscription;
  private final Subscription contributorSubscription;

  public DefaultSegments(
      Cdp cdp,
      SegmentStore store,
      GroupStore groupStore,
      ComputedAttributes computed,
      SegmentQueries queries,
      @Nullable Duration queryBudget) {
    this.cdp = cdp;
    this.queryBudget = queryBudget;
    this.store = store;
    this.queries = Objects.requireNonNull(queries, "queries");
    this.catalog =
        new SegmentCatalog(store.segments(), groupStore, computed);
    this.scan = new ProfileScan(cdp, store);
    this.membership =
        new MembershipMaintainer(
            cdp, store, groupStore, computed, queries, catalog, scan, publisher, lock);
    this.groups = new SegmentGroups(cdp, groupStore, catalog, membership, publisher, lock);
    LiveUpdates live =
        new LiveUpdates(cdp, store, groupStore, catalog, membership, publisher, lock);
    this.cdpSubscription = cdp.subscribe(live);
    this.contributorSubscription =
        cdp.registerDataContributor(new SegmentDataContributor(store, groupStore, live));
    log.info("Segments attached with {} saved segments", catalog.size());
  }

  // Saved segments: the catalog, then the membership the change implies.

  @Override
  public SavedSegment save(String name, String expression, @Nullable String description) {
    Names.check("name", name);
    SavedSegment saved;
    lock.lock();
    try {
      if (catalog.contains(name)) {
        throw new InvalidInputException("name", name, "a segment with this name exists already");
      }
      SegmentExpression parsed =
          SegmentExpression.parseAndValidate(expression, catalog.validation(name));
      Instant now = cdp.clock().instant();
      saved = new SavedSegment(name, parsed.print(), description, now, now);
      store.putSegment(saved);
      catalog.install(saved, parsed);
      // Initial members publish no entries: workflows start only for entries from now on.
      membership.evaluateEveryone(name, SegmentTransition.Cause.SEGMENT_UPDATED, null);
    } finally {
      lock.unlock();
    }
    return saved;
  }

  @Override
  public SavedSegment update(String name, String expression, @Nullable String description) {
    List<SegmentTransition> transitions = new ArrayList<>();
    SavedSegment saved;
    lock.lock();
    try {
      CatalogEntry current = catalog.require(name);
      SegmentExpression parsed =
          SegmentExpression.parseAndValidate(expression, catalog.validation(name));
      saved = new SavedSegment(
          name, parsed.print(), description, current.saved().createdAt(), cdp.clock().instant());
      store.putSegment(saved);
      catalog.install(saved, parsed);
      for (String affected : catalog.withDependents(name)) {
        membership.evaluateEveryone(affected, SegmentTransition.Cause.SEGMENT_UPDATED, transitions);
      }
    } finally {
      lock.unlock();
    }
    publisher.publish(transitions);
    return saved;
  }

  @Override
  public SavedSegment rename(String name, String newName) {
    Names.check("newName", newName);
    lock.lock();
    try {
      CatalogEntry current = catalog.require(name);
      if (catalog.contains(newName)) {
        throw new InvalidInputException(
            "newName", newName, "a segment with this name exists already");
      }
      refuseWhileUsed(name);
      SavedSegment renamed =
          new SavedSegment(newName, current.saved().expression(), current.saved().description(),
              current.saved().createdAt(), cdp.clock().instant());
      store.renameSegment(name, renamed);
      catalog.rename(name, renamed);
      return renamed;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public SavedSegment duplicate(String name, String newName) {
    SavedSegment source = get(name);
    return save(newName, source.expression(), source.description());
  }

  @Override
  public void delete(String name) {
    lock.lock();
    try {
      catalog.require(name);
      refuseWhileUsed(name);
      store.deleteSegment(name);
      catalog.remove(name);
    } finally {
      lock.unlock();
    }
  }

  private void refuseWhileUsed(String name) {
    List<String> users = catalog.usersOf(name);
    if (!users.isEmpty()) {
      throw new SegmentInUseException(name, users);
    }
  }

  @Override
  public Optional<SavedSegment> find(String name) {
    return Optional.ofNullable(catalog.find(name)).map(CatalogEntry::saved);
  }

  @Override
  public SavedSegment get(String name) {
    return catalog.require(name).saved();
  }

  @Override
  public List<SegmentSummary> list() {
    var entries = catalog.entries();
    return new TreeSet<>(entries.keySet()).stream()
        .map(name -> new SegmentSummary(entries.get(name).saved(), store.countMembers(name)))
        .toList();
  }

  // Reading membership and evaluating ad hoc.

  @Override
  public long count(String name) {
    catalog.require(name);
    return store.countMembers(name);
  }

  @Override
  public long countMatching(String expression) {
    SegmentExpression parsed =
        SegmentExpression.parseAndValidate(expression, catalog.validation(null));
    EvaluationContext context = context(cdp.clock().instant());
    long started = System.nanoTime();
    OptionalLong counted = queries.count(adHocQuery(parsed, context));
    return counted.isPresent()
        ? counted.getAsLong()
        : evaluateMatching(parsed, context, started).size();
  }

  @Override
  public List<String> matching(String expression) {
    SegmentExpression parsed =
        SegmentExpression.parseAndValidate(expression, catalog.validation(null));
    EvaluationContext context = context(cdp.clock().instant());
    long started = System.nanoTime();
    Optional<List<String>> answered = queries.matching(adHocQuery(parsed, context));
    if (answered.isPresent()) {
      List<String> ids = new ArrayList<>(answered.get());
      ids.sort(null);
      return ids;
    }
    return evaluateMatching(parsed, context, started);
  }

  private SegmentQueries.SegmentQuery adHocQuery(
      SegmentExpression parsed, EvaluationContext context) {
    return membership.query(parsed.expr(), context).withBudget(queryBudget);
  }

  /** Evaluates every profile in Java, stopping once the budget from {@code started} is spent. */
  private List<String> evaluateMatching(
      SegmentExpression parsed, EvaluationContext context, long started) {
    CompiledSegment compiled = parsed.compile();
    List<String> ids = new ArrayList<>();
    scan.forEachProfile((profile, events) -> {
      if (queryBudget != null && System.nanoTime() - started > queryBudget.toNanos()) {
        throw new QueryBudgetExceededException(queryBudget);
      }
      if (compiled.evaluate(profile, events, context)) {
        ids.add(profile.id());
      }
    });
    return ids;
  }

  @Override
  public Page<String> members(String name, int limit, @Nullable String cursor) {
    catalog.require(name);
    return MemberPages.page(after -> store.members(name, after, limit + 1), limit, cursor);
  }

  @Override
  public Page<Profile> memberProfiles(String name, ProfileQuery query) {
    catalog.require(name);
    return sortedPage(scan.members(name), query);
  }

  @Override
  public Page<Profile> matchingProfiles(String expression, ProfileQuery query) {
    return sortedPage(matching(expression), query);
  }

  /** The page of these profiles that the query asks for, sorted in memory. */
  private Page<Profile> sortedPage(Iterable<String> ids, ProfileQuery query) {
    long offset = query.cursor() == null ? 0 : Cursors.offsetOf(query.cursor(), query);
    List<StoredProfile> all = new ArrayList<>();
    StorageBacked.storageOf(cdp).read(session -> {
      for (String id : ids) {
        session.profiles().find(id).ifPresent(all::add);
      }
      return null;
    });
    all.sort(ProfileOrdering.of(query));
    int from = (int) Math.min(offset, all.size());
    int to = Math.min(from + query.limit(), all.size());
    List<Profile> page = new ArrayList<>(to - from);
    for (StoredProfile stored : all.subList(from, to)) {
      cdp.findProfile(stored.id()).ifPresent(page::add);
    }
    return new Page<>(page, to < all.size() ? Cursors.offset(to, query) : null);
  }

  /** Written by the {@link ProfileExporter}, the one CSV writer of profiles. */
  @Override
  public void exportMembers(String name, List<String> columns, Writer out) {
    catalog.require(name);
    List<String> header = new ArrayList<>();
    header.add("id");
    header.addAll(columns);
    ProfileExporter.of(cdp)
        .export(scan.members(name), out, ExportOptions.of(DataFormat.CSV).withColumns(header));
  }

  @Override
  public boolean isMember(String name, String profileId) {
    catalog.require(name);
    return store.isMember(name, resolve(profileId));
  }

  @Override
  public List<String> segmentsOf(String profileId) {
    return store.segmentsOf(resolve(profileId));
  }

  @Override
  public Explanation explain(String profileId, String nameOrExpression) {
    CatalogEntry entry = catalog.find(nameOrExpression);
    CompiledSegment compiled =
        entry != null
            ? entry.compiled()
            : SegmentExpression.parseAndValidate(nameOrExpression, catalog.validation(null))
                .compile();
    Profile profile = cdp.getProfile(profileId);
    return compiled.explain(profile, scan.events(profile.id()), context(cdp.clock().instant()));
  }

  private String resolve(String profileId) {
    return cdp.findProfile(profileId).map(Profile::id).orElse(profileId);
  }

  // Groups: SegmentGroups.

  @Override
  public StaticGroup createGroup(String name) {
    return groups.create(name);
  }

  @Override
  public StaticGroup renameGroup(String name, String newName) {
    return groups.rename(name, newName);
  }

  @Override
  public void deleteGroup(String name) {
    groups.delete(name);
  }

  @Override
  public List<StaticGroup> groups() {
    return groups.list();
  }

  @Override
  public long addToGroup(String group, Collection<String> profileIds) {
    return groups.change(group, profileIds, true);
  }

  @Override
  public long removeFromGroup(String group, Collection<String> profileIds) {
    return groups.change(group, profileIds, false);
  }

  @Override
  public long addIdentifiedToGroup(String group, Collection<Identifier> identifiers) {
    return groups.changeIdentified(group, identifiers, true);
  }

  @Override
  public long removeIdentifiedFromGroup(String group, Collection<Identifier> identifiers) {
    return groups.changeIdentified(group, identifiers, false);
  }

  @Override
  public long addMatchingToGroup(String group, String expression) {
    groups.require(group);
    return addToGroup(group, matching(expression));
  }

  @Override
  public Page<String> groupMembers(String group, int limit, @Nullable String cursor) {
    return groups.members(group, limit, cursor);
  }

  @Override
  public List<String> groupsOf(String profileId) {
    return groups.groupsOf(resolve(profileId));
  }

  // Live membership.

  @Override
  public Subscription subscribe(SegmentListener listener) {
    return publisher.subscribe(listener);
  }

  @Override
  public Subscription subscribeInTransaction(SegmentListener listener) {
    return publisher.subscribeInTransaction(listener);
  }

  @Override
  public Subscription registerUse(String segmentOrGroup, String user) {
    return catalog.registerUse(segmentOrGroup, user);
  }

  @Override
  public RefreshResult refresh(Instant now) {
    List<SegmentTransition> transitions = new ArrayList<>();
    RefreshResult result = membership.refresh(now, transitions);
    publisher.publish(transitions);
    return result;
  }

  @Override
  public RefreshResult recalculated(Collection<String> profileIds) {
    Instant now = cdp.clock().instant();
    List<SegmentTransition> transitions = new ArrayList<>();
    for (String profileId : new TreeSet<>(profileIds)) {
      transitions.addAll(membership.reevaluate(profileId, name -> true, SegmentTransition.Cause.RECALCULATED));
    }
    publisher.publish(transitions);
    long entered = transitions.stream().filter(SegmentTransition::entered).count();
    return new RefreshResult(now, profileIds.size(), entered, transitions.size() - entered);
  }

  @Override
  public Subscription scheduleRefresh(ScheduledExecutorService executor, Duration period) {
    return scheduler.schedule(executor, period, period, this::refresh);
  }

  @Override
  public EvaluationContext context(Instant now) {
    return membership.context(now);
  }

  @Override
  public Cdp cdp() {
    return cdp;
  }

  @Override
  public void close() {
    scheduler.close();
    cdpSubscription.close();
    contributorSubscription.close();
    store.close();
  }
}
