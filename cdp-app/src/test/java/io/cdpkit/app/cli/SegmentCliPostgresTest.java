package io.cdpkit.app.cli;

/** {@link SegmentCliTest} again on PostgreSQL. */
final class SegmentCliPostgresTest extends SegmentCliTest {
  @Override
  String database() {
    return PostgresDatabases.fresh();
  }

  /** The sync's definitions go beside the test's files, not into the working directory. */
  @Override
  Result cdp(String... args) {
    if (args.length > 1 && (args[0].equals("sync") || args[1].equals("delete"))) {
      String[] more = java.util.Arrays.copyOf(args, args.length + 2);
      more[args.length] = "--syncs-file";
      more[args.length + 1] = dir.resolve("syncs.json").toString();
      return super.cdp(more);
    }
    return super.cdp(args);
  }
}
