package io.cdpkit.workflows.internal.engine;

/**
 * The collaborators an engine runs on, wired once from its configuration; the engine and each
 * preview's simulation get their own.
 */
record EngineParts(
    ProfileReads reads,
    WorkflowRegistry registry,
    EnrollmentTransitions transitions,
    Admission admission,
    TriggerInbox inbox,
    StepRunner runner) {

  static EngineParts wire(EngineConfig config, WorkflowRegistry.SegmentUses segmentUses) {
    ProfileReads reads = new ProfileReads(config.cdp(), config.segments());
    WorkflowRegistry registry =
        new WorkflowRegistry(config.store(), config.segments(), segmentUses);
    EnrollmentTransitions transitions =
        new EnrollmentTransitions(config.store(), config.listeners());
    Admission admission =
        new Admission(registry, config.store(), reads, config.idGenerator());
    int batchSize = config.options().batchSize();
    TriggerInbox inbox =
        new TriggerInbox(config.store(), registry, admission, transitions, reads, batchSize);
    SendStep sendStep =
        new SendStep(
            config.store(),
            new SendGate(config.store(), reads),
            config.channels(),
            config.retryPolicy());
    StepRunner runner =
        new StepRunner(config.store(), registry, transitions, sendStep, reads, batchSize);
    return new EngineParts(reads, registry, transitions, admission, inbox, runner);
  }
}
