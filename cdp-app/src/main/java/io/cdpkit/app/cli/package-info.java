/**
 * The {@code cdp} command-line tool: import, profiles, segments, merges, consent, GDPR, insights
 * and the demo on an SQLite file. Start at {@link io.cdpkit.app.cli.Cli}; {@code
 * cdp-app/CLI.md} documents every command.
 */
@NullMarked
package io.cdpkit.app.cli;

import org.jspecify.annotations.NullMarked;
