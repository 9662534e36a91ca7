package io.cdpkit.segments.internal.membership;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import com.fasterxml.jackson.databind.SequenceWriter;
import io.cdpkit.core.Cdp;
import io.cdpkit.core.CdpListener;
import io.cdpkit.core.InvalidInputException;
import io.cdpkit.core.Page;
import io.cdpkit.core.ProfileNotFoundException;
import io.cdpkit.core.Subscription;
import io.cdpkit.core.event.Event;
import io.cdpkit.core.internal.Cursors;
import io.cdpkit.core.internal.ProfileOrdering;
import io.cdpkit.core.profile.ProfileQuery;
import io.cdpkit.core.identity.Identifier;
import io.cdpkit.core.profile.AttributeValue;
import io.cdpkit.core.profile.Profile;
import io.cdpkit.core.profile.TextValue;
import io.cdpkit.core.spi.ProfileDataContributor;
import io.cdpkit.core.spi.StoredProfile;
import io.cdpkit.segments.CompiledSegment;
import io.cdpkit.segments.ComputedAttributes;
import io.cdpkit.segments.EvaluationContext;
import io.cdpkit.segments.Explanation;
import io.cdpkit.segments.GroupMembership;
import io.cdpkit.segments.RefreshResult;
import io.cdpkit.segments.SavedSegment;
import io.cdpkit.segments.SegmentExpression;
import io.cdpkit.segments.SegmentInUseException;
import io.cdpkit.segments.SegmentListener;
import io.cdpkit.segments.SegmentLookup;
import io.cdpkit.segments.SegmentNotFoundException;
import io.cdpkit.segments.SegmentResolver;
import io.cdpkit.segments.SegmentSummary;
import io.cdpkit.segments.SegmentTransition;
import io.cdpkit.segments.Segments;
import io.cdpkit.segments.StaticGroup;
import io.cdpkit.segments.ValidationContext;
import io.cdpkit.segments.ast.Expr;
import io.cdpkit.segments.spi.GroupStore;
import io.cdpkit.segments.spi.SegmentQueries;
import io.cdpkit.segments.spi.SegmentStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine behind {@link Segments}.
 *
 * <p>Design: definitions are compiled once and kept in an immutable map that is swapped whole on
 * every change, so evaluation never locks. Membership changes (live updates, saves, refreshes,
 * group edits) are serialised by one lock, which keeps each profile's transitions in order and
 * the maintained membership equal to a fresh evaluation; transitions are published after the
 * lock is released, so a listener may call back into segments or the Cdp. Time-dependent segments
 * keep, per member or candidate profile, the next instant its answer may change
 * ({@link TimeBoundaries}); {@link #refresh} re-evaluates exactly the checks that fell due.
 *
 * <p>Ad-hoc matches and counts, and the full evaluation of a segment that does not depend on time
 * (on save and update), ask the {@link SegmentQueries} first: when the store answers (one query
 * instead of a Java scan), the member set is applied as a difference to the maintained
 * membership. Time-dependent segments keep the per-profile path, which also schedules each
 * profile's next time check from its events.
 */
public final class DefaultSegments implements Segments, CdpListener, ProfileDataContributor {
  private static final Logger log = LoggerFactory.getLogger(DefaultSegments.class);
  private static final int MAX_NAME = 256;
  private static final int BATCH = 1_000;

  /** A saved segment compiled, with what it reads. */
  private record Entry(
      SavedSegment saved, SegmentExpression expression, CompiledSegment compiled,
      SegmentDependencies dependencies, TimeBoundaries time) {}

  private final Cdp cdp;
  private final SegmentStore store;
  private final GroupStore groups;
  private final ComputedAttributes computed;
  private final SegmentQueries queries;
  private final ReentrantLock lock = new ReentrantLock();
  private volatile Map<String, Entry> entries = Map.of();
  private final List<SegmentListener> listeners = new CopyOnWriteArrayList<>();
  private final Map<String, Set<String>> uses = new ConcurrentHashMap<>();
  private final Map<String, List<String>> pendingExits = new ConcurrentHashMap<>();
  private final Subscription cdpSubscription;
  private final Subscription contributorSubscription;

  public DefaultSegments(Cdp cdp, SegmentStore store, GroupStore groups, ComputedAttributes computed) {
    this(cdp, store, groups, computed, SegmentQueries.none());
  }

  public DefaultSegments(
      Cdp cdp, SegmentStore store, GroupStore groups, ComputedAttributes computed, SegmentQueries queries) {
    this.cdp = cdp;
    this.store = store;
    this.groups = groups;
    this.computed = computed;
    this.queries = Objects.requireNonNull(queries, "queries");
    // Compile in an order where referenced segments exist: retry until all compile.
    Map<String, SavedSegment> pending = new LinkedHashMap<>();
    store.segments().forEach(s -> pending.put(s.name(), s));
    Map<String, Entry> compiled = new LinkedHashMap<>();
    while (!pending.isEmpty()) {
      int before = pending.size();
      for (Iterator<SavedSegment> it = pending.values().iterator(); it.hasNext(); ) {
        SavedSegment saved = it.next();
        SegmentExpression expression = SegmentExpression.parse(saved.expression());
        if (SegmentDependencies.of(expression.expr()).segments().stream().allMatch(compiled::containsKey)) {
          compiled.put(saved.name(), entry(saved, expression, compiled));
          it.remove();
        }
      }
      if (pending.size() == before) {
        throw new IllegalStateException("stored segments refer to missing segments: " + pending.keySet());
      }
    }
    this.entries = Map.copyOf(compiled);
    this.cdpSubscription = cdp.subscribe(this);
    this.contributorSubscription = cdp.registerDataContributor(this);
    log.info("Segments attached with {} saved segments", compiled.size());
  }

  private Entry entry(SavedSegment saved, SegmentExpression expression, Map<String, Entry> known) {
    return new Entry(saved, expression, expression.compile(), SegmentDependencies.of(expression.expr()),
        TimeBoundaries.of(expression.expr(), name -> known.containsKey(name) ? known.get(name).expression().expr() : null));
  }

  // ---- saved segments

  @Override
  public SavedSegment save(String name, String expression, @Nullable String description) {
    checkName("name", name);
    SavedSegment saved;
    lock.lock();
    try {
      if (entries.containsKey(name)) {
        throw new InvalidInputException("name", name, "a segment with this name exists already");
      }
      SegmentExpression parsed = SegmentExpression.parseAndValidate(expression, validation(name));
      Instant now = cdp.clock().instant();
      saved = new SavedSegment(name, parsed.print(), description, now, now);
      store.putSegment(saved);
      install(saved, parsed);
      // Initial members publish no entries: workflows start only for entries from now on.
      evaluateEveryone(name, SegmentTransition.Cause.SEGMENT_UPDATED, null);
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
      Entry current = require(name);
      SegmentExpression parsed = SegmentExpression.parseAndValidate(expression, validation(name));
      saved = new SavedSegment(name, parsed.print(), description, current.saved().createdAt(), cdp.clock().instant());
      store.putSegment(saved);
      install(saved, parsed);
      for (String affected : withDependents(name)) {
        evaluateEveryone(affected, SegmentTransition.Cause.SEGMENT_UPDATED, transitions);
      }
    } finally {
      lock.unlock();
    }
    publish(transitions);
    return saved;
  }

  @Override
  public SavedSegment rename(String name, String newName) {
    checkName("newName", newName);
    lock.lock();
    try {
      Entry current = require(name);
      if (entries.containsKey(newName)) {
        throw new InvalidInputException("newName", newName, "a segment with this name exists already");
      }
      List<String> users = usersOf(name);
      if (!users.isEmpty()) {
        throw new SegmentInUseException(name, users);
      }
      SavedSegment renamed =
          new SavedSegment(newName, current.saved().expression(), current.saved().description(),
              current.saved().createdAt(), cdp.clock().instant());
      store.renameSegment(name, renamed);
      Map<String, Entry> next = new LinkedHashMap<>(entries);
      next.remove(name);
      next.put(newName, new Entry(renamed, current.expression(), current.compiled(), current.dependencies(), current.time()));
      entries = Map.copyOf(next);
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
      require(name);
      List<String> users = usersOf(name);
      if (!users.isEmpty()) {
        throw new SegmentInUseException(name, users);
      }
      store.deleteSegment(name);
      Map<String, Entry> next = new LinkedHashMap<>(entries);
      next.remove(name);
      entries = Map.copyOf(next);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Optional<SavedSegment> find(String name) {
    Entry entry = entries.get(name);
    return Optional.ofNullable(entry == null ? null : entry.saved());
  }

  @Override
  public SavedSegment get(String name) {
    return require(name).saved();
  }

  @Override
  public List<SegmentSummary> list() {
    return new TreeSet<>(entries.keySet()).stream()
        .map(name -> new SegmentSummary(entries.get(name).saved(), store.countMembers(name)))
        .toList();
  }

  @Override
  public long count(String name) {
    require(name);
    return store.countMembers(name);
  }

  @Override
  public long countMatching(String expression) {
    SegmentExpression parsed = SegmentExpression.parseAndValidate(expression, validation(null));
    EvaluationContext context = context(cdp.clock().instant());
    OptionalLong counted = queries.count(query(parsed.expr(), context));
    return counted.isPresent() ? counted.getAsLong() : evaluateMatching(parsed, context).size();
  }

  @Override
  public List<String> matching(String expression) {
    SegmentExpression parsed = SegmentExpression.parseAndValidate(expression, validation(null));
    EvaluationContext context = context(cdp.clock().instant());
    Optional<List<String>> answered = queries.matching(query(parsed.expr(), context));
    if (answered.isPresent()) {
      List<String> ids = new ArrayList<>(answered.get());
      ids.sort(null);
      return ids;
    }
    return evaluateMatching(parsed, context);
  }

  /** A store query for the expression, reading saved segments and groups as this service does. */
  private SegmentQueries.SegmentQuery query(Expr expr, EvaluationContext context) {
    Map<String, Entry> current = entries;
    return new SegmentQueries.SegmentQuery(expr, context,
        name -> Optional.ofNullable(current.get(name)).map(e -> e.expression().expr()), groups);
  }

  private List<String> evaluateMatching(SegmentExpression parsed, EvaluationContext context) {
    CompiledSegment compiled = parsed.compile();
    List<String> ids = new ArrayList<>();
    forEachProfile((profile, events) -> {
      if (compiled.evaluate(profile, events, context)) {
        ids.add(profile.id());
      }
    });
    return ids;
  }

  @Override
  public Page<String> members(String name, int limit, @Nullable String cursor) {
    require(name);
    return page(after -> store.members(name, after, limit + 1), limit, cursor);
  }

  @Override
  public Page<Profile> memberProfiles(String name, ProfileQuery query) {
    require(name);
    long offset = query.cursor() == null ? 0 : Cursors.offsetOf(query.cursor());
    List<StoredProfile> all = new ArrayList<>();
    cdp.storage().read(session -> {
      String after = null;
      while (true) {
        List<String> ids = store.members(name, after, BATCH);
        for (String id : ids) {
          session.profiles().find(id).ifPresent(all::add);
        }
        if (ids.size() < BATCH) {
          return null;
        }
        after = ids.get(ids.size() - 1);
      }
    });
    all.sort(ProfileOrdering.of(query));
    int from = (int) Math.min(offset, all.size());
    int to = Math.min(from + query.limit(), all.size());
    List<Profile> page = new ArrayList<>(to - from);
    for (StoredProfile stored : all.subList(from, to)) {
      cdp.findProfile(stored.id()).ifPresent(page::add);
    }
    return new Page<>(page, to < all.size() ? Cursors.offset(to) : null);
  }

  @Override
  public void exportMembers(String name, List<String> columns, Writer out) {
    require(name);
    List<String> header = new ArrayList<>();
    header.add("id");
    header.addAll(columns);
    CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
    header.forEach(schema::addColumn);
    CsvMapper mapper = new CsvMapper();
    try (SequenceWriter rows = mapper.writer(schema.build()).writeValues(out)) {
      String after = null;
      while (true) {
        List<String> ids = store.members(name, after, BATCH);
        for (String id : ids) {
          Optional<Profile> profile = cdp.findProfile(id);
          if (profile.isPresent()) {
            rows.write(row(profile.get(), header));
          }
        }
        if (ids.size() < BATCH) {
          break;
        }
        after = ids.get(ids.size() - 1);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("writing the members of " + name + " failed", e);
    }
  }

  private static List<String> row(Profile profile, List<String> header) {
    List<String> row = new ArrayList<>(header.size());
    for (String column : header) {
      if (column.equals("id")) {
        row.add(profile.id());
      } else if (column.equals("$created_at")) {
        row.add(profile.createdAt().toString());
      } else if (column.equals("$updated_at")) {
        row.add(profile.updatedAt().toString());
      } else if (column.startsWith("$identifier.")) {
        row.add(profile.mainIdentifier(column.substring("$identifier.".length())).map(Identifier::value).orElse(""));
      } else {
        AttributeValue value = profile.attribute(column).orElse(null);
        row.add(value == null ? "" : value instanceof TextValue text ? text.value() : value.toJson());
      }
    }
    return row;
  }

  @Override
  public boolean isMember(String name, String profileId) {
    require(name);
    return store.isMember(name, resolve(profileId));
  }

  @Override
  public List<String> segmentsOf(String profileId) {
    return store.segmentsOf(resolve(profileId));
  }

  @Override
  public Explanation explain(String profileId, String nameOrExpression) {
    Entry entry = entries.get(nameOrExpression);
    CompiledSegment compiled =
        entry != null
            ? entry.compiled()
            : SegmentExpression.parseAndValidate(nameOrExpression, validation(null)).compile();
    Profile profile = cdp.getProfile(profileId);
    return compiled.explain(profile, events(profile.id()), context(cdp.clock().instant()));
  }

  // ---- groups

  @Override
  public StaticGroup createGroup(String name) {
    checkName("name", name);
    Instant now = cdp.clock().instant();
    if (!groups.createGroup(name, now)) {
      throw new InvalidInputException("name", name, "a group with this name exists already");
    }
    return new StaticGroup(name, now, 0);
  }

  @Override
  public StaticGroup renameGroup(String name, String newName) {
    checkName("newName", newName);
    lock.lock();
    try {
      Instant created = requireGroup(name);
      if (groups.findGroup(newName).isPresent()) {
        throw new InvalidInputException("newName", newName, "a group with this name exists already");
      }
      List<String> users = usersOfGroup(name);
      if (!users.isEmpty()) {
        throw new SegmentInUseException(name, users);
      }
      groups.renameGroup(name, newName);
      return new StaticGroup(newName, created, groups.countGroup(newName));
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void deleteGroup(String name) {
    lock.lock();
    try {
      requireGroup(name);
      List<String> users = usersOfGroup(name);
      if (!users.isEmpty()) {
        throw new SegmentInUseException(name, users);
      }
      groups.deleteGroup(name);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public List<StaticGroup> groups() {
    List<StaticGroup> all = new ArrayList<>();
    for (String name : groups.groupNames()) {
      groups.findGroup(name).ifPresent(created -> all.add(new StaticGroup(name, created, groups.countGroup(name))));
    }
    return all;
  }

  @Override
  public long addToGroup(String group, Collection<String> profileIds) {
    return changeGroup(group, profileIds, true);
  }

  @Override
  public long removeFromGroup(String group, Collection<String> profileIds) {
    return changeGroup(group, profileIds, false);
  }

  private long changeGroup(String group, Collection<String> profileIds, boolean add) {
    requireGroup(group);
    List<String> ids = new ArrayList<>();
    for (String id : profileIds) {
      ids.add(cdp.findProfile(id).orElseThrow(() -> new ProfileNotFoundException(id)).id());
    }
    List<SegmentTransition> transitions = new ArrayList<>();
    long changed = 0;
    lock.lock();
    try {
      List<String> readers = segmentsReadingGroup(group);
      for (String id : ids) {
        boolean did = add ? groups.addToGroup(group, id) : groups.removeFromGroup(group, id);
        if (did) {
          changed++;
          evaluateProfile(id, readers::contains, SegmentTransition.Cause.GROUP_CHANGED, transitions);
        }
      }
    } finally {
      lock.unlock();
    }
    publish(transitions);
    return changed;
  }

  @Override
  public long addMatchingToGroup(String group, String expression) {
    requireGroup(group);
    return addToGroup(group, matching(expression));
  }

  @Override
  public Page<String> groupMembers(String group, int limit, @Nullable String cursor) {
    requireGroup(group);
    return page(after -> groups.groupMembers(group, after, limit + 1), limit, cursor);
  }

  @Override
  public List<String> groupsOf(String profileId) {
    return groups.groupsOf(resolve(profileId));
  }

  // ---- live membership

  @Override
  public Subscription subscribe(SegmentListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
    return () -> listeners.remove(listener);
  }

  @Override
  public Subscription registerUse(String segmentOrGroup, String user) {
    Objects.requireNonNull(segmentOrGroup, "segmentOrGroup");
    Objects.requireNonNull(user, "user");
    uses.computeIfAbsent(segmentOrGroup, k -> ConcurrentHashMap.newKeySet()).add(user);
    return () -> uses.getOrDefault(segmentOrGroup, Set.of()).remove(user);
  }

  @Override
  public RefreshResult refresh(Instant now) {
    List<SegmentTransition> transitions = new ArrayList<>();
    long checked = 0;
    lock.lock();
    try {
      while (true) {
        List<SegmentStore.DueCheck> due = store.dueChecks(now, BATCH);
        if (due.isEmpty()) {
          break;
        }
        Map<String, Set<String>> byProfile = new LinkedHashMap<>();
        for (SegmentStore.DueCheck check : due) {
          byProfile.computeIfAbsent(check.profileId(), k -> new HashSet<>()).add(check.segment());
          store.scheduleCheck(check.segment(), check.profileId(), null);
        }
        for (Map.Entry<String, Set<String>> profile : byProfile.entrySet()) {
          checked += profile.getValue().size();
          evaluateProfileAt(profile.getKey(), profile.getValue()::contains, SegmentTransition.Cause.TIME, now, transitions);
        }
      }
    } finally {
      lock.unlock();
    }
    publish(transitions);
    long entered = transitions.stream().filter(SegmentTransition::entered).count();
    return new RefreshResult(now, checked, entered, transitions.size() - entered);
  }

  @Override
  public RefreshResult recalculated(Collection<String> profileIds) {
    Instant now = cdp.clock().instant();
    List<SegmentTransition> transitions = new ArrayList<>();
    for (String profileId : new TreeSet<>(profileIds)) {
      transitions.addAll(evaluateStored(profileId, name -> true, SegmentTransition.Cause.RECALCULATED));
    }
    publish(transitions);
    long entered = transitions.stream().filter(SegmentTransition::entered).count();
    return new RefreshResult(now, profileIds.size(), entered, transitions.size() - entered);
  }

  @Override
  public Subscription scheduleRefresh(ScheduledExecutorService executor, Duration period) {
    long millis = period.toMillis();
    if (millis < 1) {
      throw new InvalidInputException("period", period, "must be at least one millisecond");
    }
    ScheduledFuture<?> future =
        executor.scheduleAtFixedRate(
            () -> {
              try {
                refresh();
              } catch (RuntimeException e) {
                log.warn("Scheduled segment refresh failed; it runs again next period", e);
              }
            },
            millis, millis, TimeUnit.MILLISECONDS);
    return () -> future.cancel(false);
  }

  @Override
  public EvaluationContext context(Instant now) {
    Map<String, Entry> current = entries;
    SegmentResolver resolver = name -> Optional.ofNullable(current.get(name)).map(Entry::compiled);
    GroupMembership membership = (group, profile) -> groups.inGroup(group, profile.id());
    return EvaluationContext.builder(now)
        .zone(cdp.zone())
        .segments(resolver)
        .groups(membership)
        .reachability(cdp.privacy().reachability())
        .computed(computed)
        .build();
  }

  @Override
  public Cdp cdp() {
    return cdp;
  }

  @Override
  public void close() {
    cdpSubscription.close();
    contributorSubscription.close();
    store.close();
  }

  // ---- CdpListener: live updates

  @Override
  public void profileCreated(Profile profile) {
    reevaluate(profile.id(), name -> true, SegmentTransition.Cause.PROFILE_CHANGED);
  }

  @Override
  public void profileUpdated(Profile profile) {
    reevaluate(profile.id(), name -> true, SegmentTransition.Cause.PROFILE_CHANGED);
  }

  @Override
  public void eventStored(Event event, Profile profile) {
    Set<String> affected = segmentsReadingEvent(event.type());
    if (!affected.isEmpty()) {
      reevaluate(profile.id(), affected::contains, SegmentTransition.Cause.EVENT);
    }
  }

  @Override
  public void profilesMerged(Profile survivor, List<String> absorbedIds) {
    List<SegmentTransition> exits = new ArrayList<>();
    Instant now = cdp.clock().instant();
    lock.lock();
    try {
      for (String absorbed : absorbedIds) {
        for (String group : groups.groupsOf(absorbed)) {
          groups.addToGroup(group, survivor.id());
        }
        groups.forgetProfileInGroups(absorbed);
        // The absorbed id no longer exists: consumers that copy membership see it leave, with
        // cause MERGE so that "left segment" triggers can tell it from a real exit.
        for (String segment : store.segmentsOf(absorbed)) {
          exits.add(new SegmentTransition(SegmentTransition.Kind.EXITED, segment, absorbed, now, SegmentTransition.Cause.MERGE));
        }
        store.forgetProfile(absorbed);
      }
    } finally {
      lock.unlock();
    }
    publish(exits);
    reevaluate(survivor.id(), name -> true, SegmentTransition.Cause.MERGE);
  }

  @Override
  public void profileUnmerged(Profile survivor, Profile restored) {
    reevaluate(survivor.id(), name -> true, SegmentTransition.Cause.UNMERGE);
    reevaluate(restored.id(), name -> true, SegmentTransition.Cause.UNMERGE);
  }

  @Override
  public void profileDeleted(String profileId) {
    List<String> left = pendingExits.remove(profileId);
    if (left == null) {
      lock.lock();
      try {
        left = store.segmentsOf(profileId);
        store.forgetProfile(profileId);
        groups.forgetProfileInGroups(profileId);
      } finally {
        lock.unlock();
      }
    }
    Instant now = cdp.clock().instant();
    List<SegmentTransition> exits = new ArrayList<>();
    for (String segment : left) {
      exits.add(new SegmentTransition(SegmentTransition.Kind.EXITED, segment, profileId, now, SegmentTransition.Cause.DELETED));
    }
    publish(exits);
  }

  // ---- ProfileDataContributor: GDPR

  @Override
  public String section() {
    return "segments";
  }

  @Override
  public void export(String profileId, JsonGenerator json) throws IOException {
    json.writeStartObject();
    json.writeArrayFieldStart("segments");
    for (String segment : store.segmentsOf(profileId)) {
      json.writeString(segment);
    }
    json.writeEndArray();
    json.writeArrayFieldStart("groups");
    for (String group : groups.groupsOf(profileId)) {
      json.writeString(group);
    }
    json.writeEndArray();
    json.writeEndObject();
  }

  @Override
  public void erase(String profileId) {
    lock.lock();
    try {
      pendingExits.put(profileId, store.segmentsOf(profileId));
      store.forgetProfile(profileId);
      groups.forgetProfileInGroups(profileId);
    } finally {
      lock.unlock();
    }
  }

  // ---- evaluation

  /**
   * Re-evaluates after a change to the profile. On a store that joins storage writes, reading the
   * profile and recording the answer are one transaction, which a store shared by several
   * processes reruns when another instance changed the profile meanwhile; the storage write is
   * taken before the lock, the order the Cdp's erasure takes them in.
   */
  private void reevaluate(String profileId, Predicate<String> which, SegmentTransition.Cause cause) {
    publish(evaluateStored(profileId, which, cause));
  }

  private List<SegmentTransition> evaluateStored(
      String profileId, Predicate<String> which, SegmentTransition.Cause cause) {
    return store.joinsStorageWrites()
        ? cdp.storage().write(session -> evaluateUnderLock(profileId, which, cause))
        : evaluateUnderLock(profileId, which, cause);
  }

  private List<SegmentTransition> evaluateUnderLock(
      String profileId, Predicate<String> which, SegmentTransition.Cause cause) {
    List<SegmentTransition> transitions = new ArrayList<>();
    lock.lock();
    try {
      evaluateProfile(profileId, which, cause, transitions);
    } finally {
      lock.unlock();
    }
    return transitions;
  }

  private void evaluateProfile(String profileId, Predicate<String> which, SegmentTransition.Cause cause, List<SegmentTransition> out) {
    evaluateProfileAt(profileId, which, cause, cdp.clock().instant(), out);
  }

  /** Re-evaluates the chosen segments for one profile (under the lock), recording transitions. */
  private void evaluateProfileAt(
      String profileId, Predicate<String> which, SegmentTransition.Cause cause, Instant now, List<SegmentTransition> out) {
    Optional<Profile> found = cdp.findProfile(profileId);
    if (found.isEmpty() || !found.get().id().equals(profileId)) {
      return;
    }
    Profile profile = found.get();
    List<Event> events = events(profileId);
    EvaluationContext context = context(now);
    for (Entry entry : entries.values()) {
      if (which.test(entry.saved().name())) {
        apply(entry, profile, events, context, cause, out);
      }
    }
  }

  private void apply(
      Entry entry, Profile profile, List<Event> events, EvaluationContext context,
      SegmentTransition.Cause cause, @Nullable List<SegmentTransition> out) {
    String name = entry.saved().name();
    boolean member = entry.compiled().evaluate(profile, events, context);
    boolean changed = member ? store.addMember(name, profile.id()) : store.removeMember(name, profile.id());
    if (changed && out != null) {
      out.add(new SegmentTransition(
          member ? SegmentTransition.Kind.ENTERED : SegmentTransition.Kind.EXITED, name, profile.id(), context.now(), cause));
    }
    if (entry.time().timeDependent()) {
      store.scheduleCheck(name, profile.id(), entry.time().next(profile, events, context.now(), context.zone()));
    }
  }

  /** Evaluates a segment for every profile (under the lock); a null {@code out} records no transitions. */
  private void evaluateEveryone(String name, SegmentTransition.Cause cause, @Nullable List<SegmentTransition> out) {
    Entry entry = entries.get(name);
    EvaluationContext context = context(cdp.clock().instant());
    if (!entry.time().timeDependent()) {
      Optional<List<String>> answered = queries.matching(query(entry.expression().expr(), context));
      if (answered.isPresent()) {
        applyMembers(name, new HashSet<>(answered.get()), context.now(), cause, out);
        return;
      }
    }
    forEachProfile((profile, events) -> apply(entry, profile, events, context, cause, out));
  }

  /** Makes the maintained members of a segment equal {@code members} (under the lock). */
  private void applyMembers(
      String name, Set<String> members, Instant now, SegmentTransition.Cause cause,
      @Nullable List<SegmentTransition> out) {
    Set<String> current = new HashSet<>();
    String after = null;
    while (true) {
      List<String> ids = store.members(name, after, BATCH);
      current.addAll(ids);
      if (ids.size() < BATCH) {
        break;
      }
      after = ids.get(ids.size() - 1);
    }
    List<SegmentTransition> changes = new ArrayList<>();
    for (String id : new TreeSet<>(members)) {
      if (!current.contains(id) && store.addMember(name, id)) {
        changes.add(new SegmentTransition(SegmentTransition.Kind.ENTERED, name, id, now, cause));
      }
    }
    for (String id : new TreeSet<>(current)) {
      if (!members.contains(id) && store.removeMember(name, id)) {
        changes.add(new SegmentTransition(SegmentTransition.Kind.EXITED, name, id, now, cause));
      }
    }
    if (out != null) {
      out.addAll(changes);
    }
  }

  private void forEachProfile(ProfileAction action) {
    String after = null;
    while (true) {
      String from = after;
      List<Profile> batch =
          cdp.storage().read(session -> {
            try (Stream<StoredProfile> stream = session.profiles().stream()) {
              return stream.filter(p -> from == null || p.id().compareTo(from) > 0).limit(BATCH)
                  .map(p -> io.cdpkit.core.internal.Profiles.assemble(session, p)).toList();
            }
          });
      for (Profile profile : batch) {
        action.accept(profile, events(profile.id()));
      }
      if (batch.size() < BATCH) {
        return;
      }
      after = batch.get(batch.size() - 1).id();
    }
  }

  @FunctionalInterface
  private interface ProfileAction {
    void accept(Profile profile, List<Event> events);
  }

  private List<Event> events(String profileId) {
    return cdp.storage().read(session -> {
      try (Stream<Event> stream = session.events().ofProfile(profileId)) {
        return stream.toList();
      }
    });
  }

  // ---- helpers

  private void install(SavedSegment saved, SegmentExpression parsed) {
    Map<String, Entry> next = new LinkedHashMap<>(entries);
    next.put(saved.name(), entry(saved, parsed, next));
    // Segments referring to this one recompute their time windows, which follow references.
    for (String dependent : withDependents(saved.name(), next)) {
      Entry old = next.get(dependent);
      if (!dependent.equals(saved.name())) {
        next.put(dependent, entry(old.saved(), old.expression(), next));
      }
    }
    entries = Map.copyOf(next);
  }

  private Set<String> withDependents(String name) {
    return withDependents(name, entries);
  }

  /** The segment and every segment that refers to it, directly or not. */
  private static Set<String> withDependents(String name, Map<String, Entry> all) {
    Set<String> found = new java.util.LinkedHashSet<>();
    found.add(name);
    boolean grew = true;
    while (grew) {
      grew = false;
      for (Entry entry : all.values()) {
        if (!found.contains(entry.saved().name())
            && entry.dependencies().segments().stream().anyMatch(found::contains)) {
          found.add(entry.saved().name());
          grew = true;
        }
      }
    }
    return found;
  }

  private Set<String> segmentsReadingEvent(String type) {
    Set<String> direct = new HashSet<>();
    for (Entry entry : entries.values()) {
      if (entry.dependencies().readsEvent(type)) {
        direct.add(entry.saved().name());
      }
    }
    Set<String> all = new HashSet<>();
    for (String name : direct) {
      all.addAll(withDependents(name));
    }
    return all;
  }

  private List<String> segmentsReadingGroup(String group) {
    Set<String> all = new HashSet<>();
    for (Entry entry : entries.values()) {
      if (entry.dependencies().groups().contains(group)) {
        all.addAll(withDependents(entry.saved().name()));
      }
    }
    return List.copyOf(all);
  }

  private List<String> usersOf(String name) {
    List<String> users = new ArrayList<>();
    for (Entry entry : entries.values()) {
      if (entry.dependencies().segments().contains(name)) {
        users.add("segment:" + entry.saved().name());
      }
    }
    users.addAll(new TreeSet<>(uses.getOrDefault(name, Set.of())));
    return users;
  }

  private List<String> usersOfGroup(String group) {
    List<String> users = new ArrayList<>();
    for (Entry entry : entries.values()) {
      if (entry.dependencies().groups().contains(group)) {
        users.add("segment:" + entry.saved().name());
      }
    }
    users.addAll(new TreeSet<>(uses.getOrDefault(group, Set.of())));
    return users;
  }

  private ValidationContext validation(@Nullable String savingAs) {
    Map<String, Expr> known = new HashMap<>();
    entries.forEach((name, entry) -> known.put(name, entry.expression().expr()));
    ValidationContext.Builder builder =
        ValidationContext.builder()
            .segments(SegmentLookup.of(known))
            .groups(group -> groups.findGroup(group).isPresent());
    if (savingAs != null) {
      builder.savingAs(savingAs);
    }
    return builder.build();
  }

  private Entry require(String name) {
    Entry entry = entries.get(Objects.requireNonNull(name, "name"));
    if (entry == null) {
      throw new SegmentNotFoundException("segment", name);
    }
    return entry;
  }

  private Instant requireGroup(String name) {
    return groups.findGroup(Objects.requireNonNull(name, "name"))
        .orElseThrow(() -> new SegmentNotFoundException("group", name));
  }

  private String resolve(String profileId) {
    return cdp.findProfile(profileId).map(Profile::id).orElse(profileId);
  }

  private static void checkName(String field, String name) {
    if (name == null || name.isBlank()) {
      throw new InvalidInputException(field, name, "must not be blank");
    }
    if (name.length() > MAX_NAME) {
      throw new InvalidInputException(field, name, "must be at most " + MAX_NAME + " characters");
    }
    for (int i = 0; i < name.length(); i++) {
      if (Character.isISOControl(name.charAt(i))) {
        throw new InvalidInputException(field, name, "must not contain control characters");
      }
    }
  }

  private void publish(List<SegmentTransition> transitions) {
    for (SegmentTransition transition : transitions) {
      for (SegmentListener listener : listeners) {
        try {
          listener.onTransition(transition);
        } catch (RuntimeException e) {
          log.warn("Segment listener {} failed on {}; others still run", listener, transition, e);
        }
      }
    }
  }

  private static Page<String> page(java.util.function.Function<@Nullable String, List<String>> fetch, int limit, @Nullable String cursor) {
    if (limit < 1 || limit > 10_000) {
      throw new InvalidInputException("limit", limit, "must be from 1 to 10000");
    }
    String after = cursor == null ? null : decode(cursor);
    List<String> ids = fetch.apply(after);
    if (ids.size() > limit) {
      List<String> page = ids.subList(0, limit);
      return new Page<>(page, encode(page.get(page.size() - 1)));
    }
    return new Page<>(ids, null);
  }

  private static String encode(String id) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(("m" + id).getBytes(StandardCharsets.UTF_8));
  }

  private static String decode(String cursor) {
    try {
      String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      if (raw.startsWith("m")) {
        return raw.substring(1);
      }
    } catch (IllegalArgumentException e) {
      // falls through
    }
    throw new InvalidInputException("cursor", cursor, "is not a member page cursor");
  }
}
