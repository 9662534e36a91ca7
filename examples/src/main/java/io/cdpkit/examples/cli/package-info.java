/**
 * The {@code cdp} command-line tool: import, profiles, segments, merges, consent, GDPR, insights
 * and the demo on an SQLite file. Start at {@link io.cdpkit.examples.cli.Cli}; {@code
 * examples/CLI.md} documents every command.
 */
@NullMarked
package io.cdpkit.examples.cli;

import org.jspecify.annotations.NullMarked;
