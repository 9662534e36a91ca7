package io.cdpkit.app.cli;

/** Counts in words: "1 profile", "2 profiles". */
final class Words {
  private Words() {}

  static String count(long n, String one, String many) {
    return n + " " + (n == 1 ? one : many);
  }
}
