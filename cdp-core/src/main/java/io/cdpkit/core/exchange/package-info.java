/**
 * Bulk import and export of profiles and events as CSV or JSON Lines ({@code data-formats.md}).
 * Start with {@link io.cdpkit.core.exchange.ProfileImporter} and {@link
 * io.cdpkit.core.exchange.EventImporter} (configured by {@link
 * io.cdpkit.core.exchange.ImportOptions}, answering an {@link
 * io.cdpkit.core.exchange.ImportReport}), and {@link io.cdpkit.core.exchange.ProfileExporter} and
 * {@link io.cdpkit.core.exchange.EventExporter} (configured by {@link
 * io.cdpkit.core.exchange.ExportOptions}). Everything streams: files of any size are read and
 * written row by row and stored in batches.
 */
@NullMarked
package io.cdpkit.core.exchange;

import org.jspecify.annotations.NullMarked;
