package io.cdpkit.benchmarks.scale;

import java.util.Arrays;
import java.util.Random;

/**
 * Draws ranks 0..n-1 with a Zipf-Mandelbrot law: the weight of rank k is (k + 1 + shift)^-exponent.
 * A shift of 0 is plain Zipf; a larger shift flattens the head (a few heavy users, not one user
 * with a tenth of all events).
 */
final class Zipf {
  private final double[] cumulative;

  Zipf(int n, double exponent, double shift) {
    cumulative = new double[n];
    double total = 0;
    for (int k = 0; k < n; k++) {
      total += Math.pow(k + 1 + shift, -exponent);
      cumulative[k] = total;
    }
    for (int k = 0; k < n; k++) {
      cumulative[k] /= total;
    }
  }

  int next(Random random) {
    int at = Arrays.binarySearch(cumulative, random.nextDouble());
    return Math.min(cumulative.length - 1, at >= 0 ? at : -at - 1);
  }
}
