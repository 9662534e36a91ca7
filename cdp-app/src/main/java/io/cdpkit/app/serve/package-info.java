/**
 * An HTTP ingestion endpoint for the tracking message format: start with {@link
 * io.cdpkit.app.serve.IngestionServer}. {@code docs/tracking.md} lists the paths and answers.
 */
@NullMarked
package io.cdpkit.app.serve;

import org.jspecify.annotations.NullMarked;
