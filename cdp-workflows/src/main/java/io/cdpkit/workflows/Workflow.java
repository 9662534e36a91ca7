package io.cdpkit.workflows;

import io.cdpkit.workflows.internal.json.WorkflowJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An automated journey: what starts it, whose consent it needs, what it wants the profile to do,
 * who may enter again, when it may send, and its steps. Built with {@link #builder(String)},
 * saved with {@link WorkflowEngine#save} (which validates it and gives it a version), and written
 * to and read from JSON with {@link #toJson()} and {@link #fromJson(String)} (shape documented in
 * {@code cdp-workflows/README.md}). Immutable and thread-safe.
 *
 * <pre>{@code
 * Workflow welcome = Workflow.builder("welcome")
 *     .trigger(Trigger.eventAdded("registered"))
 *     .consent(ConsentRule.channel("email"))
 *     .goal(Goal.event("purchase", null), false)
 *     .step(new Step.SendEmail("welcome-1", "welcome", "$identifier.email", null,
 *         "Welcome, {{first_name}}", "<p>Hi {{first_name}}</p>", null,
 *         List.of(MergeTag.of("first_name", "first_name", "there"))))
 *     .step(Step.waitFor("pause-1", Duration.ofDays(2)))
 *     .build();
 * }</pre>
 *
 * @param name the name: lower-case letters, digits, {@code _ -}, starting with a letter
 * @param version the version given by the engine on save; 0 before the first save
 * @param enabled whether it takes new entries
 * @param trigger what starts an enrollment
 * @param consent whose consent it needs
 * @param goal the goal, or null
 * @param exitOnGoal whether an enrollment stops before its next step once the goal is met
 * @param reEntry who may enter again
 * @param sendPolicy quiet hours and frequency caps
 * @param steps the steps, at least one
 */
public record Workflow(
    String name,
    int version,
    boolean enabled,
    Trigger trigger,
    ConsentRule consent,
    @Nullable Goal goal,
    boolean exitOnGoal,
    ReEntryPolicy reEntry,
    SendPolicy sendPolicy,
    List<Step> steps) {

  public Workflow {
    Objects.requireNonNull(name, "name");
    if (version < 0) {
      throw new IllegalArgumentException("version must not be negative, was " + version);
    }
    Objects.requireNonNull(trigger, "trigger");
    Objects.requireNonNull(consent, "consent");
    Objects.requireNonNull(reEntry, "reEntry");
    Objects.requireNonNull(sendPolicy, "sendPolicy");
    steps = List.copyOf(steps);
  }

  /** A builder: enabled, broadcast only, consent on email, no goal, once ever, no send policy. */
  public static Builder builder(String name) {
    return new Builder(Objects.requireNonNull(name, "name"));
  }

  /** A builder holding this workflow's settings. */
  public Builder toBuilder() {
    Builder builder = new Builder(name);
    builder.version = version;
    builder.enabled = enabled;
    builder.trigger = trigger;
    builder.consent = consent;
    builder.goal = goal;
    builder.exitOnGoal = exitOnGoal;
    builder.reEntry = reEntry;
    builder.sendPolicy = sendPolicy;
    builder.steps.addAll(steps);
    return builder;
  }

  public Optional<Goal> findGoal() {
    return Optional.ofNullable(goal);
  }

  /** A copy with another version number. */
  public Workflow withVersion(int newVersion) {
    return toBuilder().version(newVersion).build();
  }

  /** A copy with the enabled flag set. */
  public Workflow withEnabled(boolean value) {
    return toBuilder().enabled(value).build();
  }

  /** The stable JSON form (see the module README). */
  public String toJson() {
    return WorkflowJson.write(this);
  }

  /**
   * Reads the JSON form.
   *
   * @throws WorkflowValidationException listing every problem of shape (missing or mistyped
   *     fields, unknown step types)
   */
  public static Workflow fromJson(String json) {
    return WorkflowJson.read(json);
  }

  /** Builds a {@link Workflow}. Not thread-safe. */
  public static final class Builder {
    private final String name;
    private int version;
    private boolean enabled = true;
    private Trigger trigger = Trigger.broadcastOnly();
    private ConsentRule consent = ConsentRule.channel("email");
    private @Nullable Goal goal;
    private boolean exitOnGoal;
    private ReEntryPolicy reEntry = ReEntryPolicy.once();
    private SendPolicy sendPolicy = SendPolicy.none();
    private final List<Step> steps = new ArrayList<>();

    private Builder(String name) {
      this.name = name;
    }

    public Builder version(int value) {
      if (value < 0) {
        throw new IllegalArgumentException("version must not be negative, was " + value);
      }
      this.version = value;
      return this;
    }

    public Builder enabled(boolean value) {
      this.enabled = value;
      return this;
    }

    public Builder trigger(Trigger value) {
      this.trigger = Objects.requireNonNull(value, "trigger");
      return this;
    }

    public Builder consent(ConsentRule value) {
      this.consent = Objects.requireNonNull(value, "consent");
      return this;
    }

    /** Sets the goal; with {@code exitOnGoal}, an enrollment meeting it stops before its next step. */
    public Builder goal(@Nullable Goal value, boolean exitOnGoal) {
      this.goal = value;
      this.exitOnGoal = value != null && exitOnGoal;
      return this;
    }

    public Builder reEntry(ReEntryPolicy value) {
      this.reEntry = Objects.requireNonNull(value, "reEntry");
      return this;
    }

    public Builder sendPolicy(SendPolicy value) {
      this.sendPolicy = Objects.requireNonNull(value, "sendPolicy");
      return this;
    }

    /** Adds a step at the end. */
    public Builder step(Step step) {
      steps.add(Objects.requireNonNull(step, "step"));
      return this;
    }

    /** Replaces every step. */
    public Builder steps(List<Step> value) {
      steps.clear();
      for (Step step : value) {
        step(step);
      }
      return this;
    }

    public Workflow build() {
      return new Workflow(
          name, version, enabled, trigger, consent, goal, exitOnGoal, reEntry, sendPolicy, steps);
    }
  }
}
