/** JMH benchmarks; each class answers one question and carries its run command. */
@NullMarked
package io.cdpkit.benchmarks;

import org.jspecify.annotations.NullMarked;
