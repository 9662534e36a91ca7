/**
 * An HTTP ingestion endpoint for the tracking message format: start with {@link
 * io.cdpkit.examples.serve.IngestionServer}. {@code docs/tracking.md} lists the paths and answers.
 */
@NullMarked
package io.cdpkit.examples.serve;

import org.jspecify.annotations.NullMarked;
