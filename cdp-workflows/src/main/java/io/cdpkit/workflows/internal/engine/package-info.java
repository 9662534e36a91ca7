/**
 * The workflow engine's implementation: the enrollment state machine (a declared transition
 * table), the step runner, trigger matching and validation. Not supported API: anything here may
 * change in any release; start from {@link io.cdpkit.workflows.WorkflowEngine}.
 */
@NullMarked
package io.cdpkit.workflows.internal.engine;

import org.jspecify.annotations.NullMarked;
