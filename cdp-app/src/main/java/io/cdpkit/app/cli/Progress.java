package io.cdpkit.app.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.jspecify.annotations.Nullable;

/**
 * A progress bar on standard error, shown only on a terminal and without {@code --quiet}; a
 * silent no-op otherwise. Close it before printing the result.
 */
final class Progress implements AutoCloseable {
  private final @Nullable ProgressBar bar;

  private Progress(@Nullable ProgressBar bar) {
    this.bar = bar;
  }

  static Progress start(Cli root, String task, long max) {
    if (root.quiet || System.console() == null) {
      return new Progress(null);
    }
    return new Progress(
        new ProgressBarBuilder()
            .setTaskName(task)
            .setInitialMax(max)
            .setConsumer(new ConsoleProgressBarConsumer(System.err))
            .build());
  }

  /** The number of lines in the file, as the maximum of an import's bar. */
  static long lines(Path file) {
    try (Stream<String> lines = Files.lines(file)) {
      return lines.count();
    } catch (IOException | UncheckedIOException e) {
      return -1;
    }
  }

  void stepTo(long done) {
    if (bar != null) {
      bar.stepTo(done);
    }
  }

  /** Shows the work as done: 100%, whatever the estimate of the maximum was. */
  void finish() {
    if (bar != null) {
      bar.maxHint(Math.max(bar.getCurrent(), 1));
      bar.stepTo(Math.max(bar.getCurrent(), 1));
    }
  }

  @Override
  public void close() {
    if (bar != null) {
      bar.close();
    }
  }
}
