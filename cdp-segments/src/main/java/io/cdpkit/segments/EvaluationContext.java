package io.cdpkit.segments;

import io.cdpkit.core.consent.ReachabilityPolicy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * Everything an evaluation depends on besides the profile and its events: the clock instant
 * {@code now}, the time zone for calendar days (UTC by default), the segments {@code in segment}
 * refers to, static group membership, the reachability policy and computed attributes. The same
 * profile, events and context always give the same answer. Immutable and thread-safe when its
 * lookups are.
 *
 * <pre>{@code
 * EvaluationContext context = EvaluationContext.builder(clock.instant())
 *     .zone(ZoneId.of("Europe/Amsterdam"))
 *     .segments(CompiledSegments.of(Map.of("vip", vipSegment)))
 *     .build();
 * }</pre>
 */
public final class EvaluationContext {
  private final Instant now;
  private final ZoneId zone;
  private final CompiledSegments segments;
  private final GroupMembership groups;
  private final ReachabilityPolicy reachability;
  private final ComputedAttributes computed;

  private EvaluationContext(Builder builder) {
    this.now = builder.now;
    this.zone = builder.zone;
    this.segments = builder.segments;
    this.groups = builder.groups;
    this.reachability = builder.reachability;
    this.computed = builder.computed;
  }

  /** A context at {@code now} in UTC, with no segments, groups or computed attributes. */
  public static EvaluationContext at(Instant now) {
    return builder(now).build();
  }

  /** A builder starting from {@code now} in UTC with the defaults. */
  public static Builder builder(Instant now) {
    return new Builder(now);
  }

  /** A builder starting from this context's settings. */
  public Builder toBuilder() {
    Builder builder = new Builder(now);
    builder.zone = zone;
    builder.segments = segments;
    builder.groups = groups;
    builder.reachability = reachability;
    builder.computed = computed;
    return builder;
  }

  /** The evaluation instant. */
  public Instant now() {
    return now;
  }

  /** The zone calendar days, weeks, months and years are counted in. */
  public ZoneId zone() {
    return zone;
  }

  /** Where {@code in segment "S"} finds segment S. */
  public CompiledSegments segments() {
    return segments;
  }

  /** Who is in which static group. */
  public GroupMembership groups() {
    return groups;
  }

  /** How {@code reachable via} decides. */
  public ReachabilityPolicy reachability() {
    return reachability;
  }

  /** Where {@code $computed.NAME} values come from. */
  public ComputedAttributes computed() {
    return computed;
  }

  /** Builds an {@link EvaluationContext}; one thread at a time. */
  public static final class Builder {
    private Instant now;
    private ZoneId zone = ZoneOffset.UTC;
    private CompiledSegments segments = CompiledSegments.none();
    private GroupMembership groups = GroupMembership.none();
    private ReachabilityPolicy reachability = ReachabilityPolicy.defaults();
    private ComputedAttributes computed = ComputedAttributes.none();

    private Builder(Instant now) {
      this.now = Objects.requireNonNull(now, "now");
    }

    /** The evaluation instant. */
    public Builder now(Instant value) {
      now = Objects.requireNonNull(value, "now");
      return this;
    }

    /** The zone calendar days, weeks, months and years are counted in. */
    public Builder zone(ZoneId value) {
      zone = Objects.requireNonNull(value, "zone");
      return this;
    }

    /** Where {@code in segment "S"} finds segment S. */
    public Builder segments(CompiledSegments value) {
      segments = Objects.requireNonNull(value, "segments");
      return this;
    }

    /** Who is in which static group. */
    public Builder groups(GroupMembership value) {
      groups = Objects.requireNonNull(value, "groups");
      return this;
    }

    /** How {@code reachable via} decides. */
    public Builder reachability(ReachabilityPolicy value) {
      reachability = Objects.requireNonNull(value, "reachability");
      return this;
    }

    /** Where {@code $computed.NAME} values come from. */
    public Builder computed(ComputedAttributes value) {
      computed = Objects.requireNonNull(value, "computed");
      return this;
    }

    /** The context. */
    public EvaluationContext build() {
      return new EvaluationContext(this);
    }
  }
}
