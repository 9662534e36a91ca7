/** JMH benchmarks of the workflow engine: {@link io.cdpkit.benchmarks.workflows.EnrollmentAdvanceBenchmark}. */
package io.cdpkit.benchmarks.workflows;
