package io.cdpkit.app.cli;

import io.cdpkit.examples.FestivalDemo;
import picocli.CommandLine.Command;

/** {@code cdp demo}: the festival demo on {@code --db}. */
@Command(name = "demo", footer = {"", "Examples:", "  cdp demo --db festival.db"},
    description = "Run the festival demo on the database.")
final class DemoCommand extends Base {
  @Override
  public Integer call() {
    FestivalDemo.main(new String[] {"--db", root().db});
    return 0;
  }
}
