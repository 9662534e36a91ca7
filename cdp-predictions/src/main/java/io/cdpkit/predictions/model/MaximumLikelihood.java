package io.cdpkit.predictions.model;

import java.util.function.ToDoubleFunction;
import org.hipparchus.exception.MathIllegalStateException;
import org.hipparchus.optim.InitialGuess;
import org.hipparchus.optim.MaxEval;
import org.hipparchus.optim.PointValuePair;
import org.hipparchus.optim.nonlinear.scalar.GoalType;
import org.hipparchus.optim.nonlinear.scalar.ObjectiveFunction;
import org.hipparchus.optim.nonlinear.scalar.noderiv.NelderMeadSimplex;
import org.hipparchus.optim.nonlinear.scalar.noderiv.SimplexOptimizer;

/**
 * Maximises a log-likelihood over strictly positive parameters with Hipparchus' Nelder-Mead
 * simplex, searching over their logarithms so that every point tried is a valid model. The
 * likelihoods here are smooth but their gradients are long to write and check; a derivative-free
 * method needs only the function. The search is restarted once from its answer, the usual cure for
 * a simplex that collapsed early.
 */
final class MaximumLikelihood {
  private static final int MAX_EVALUATIONS = 20_000;
  private static final double RELATIVE = 1e-10;
  private static final double ABSOLUTE = 1e-10;

  /** The maximum's parameters (not logarithms), value and the evaluations spent. */
  record Maximum(double[] parameters, double logLikelihood, int evaluations) {}

  private MaximumLikelihood() {}

  /** @throws NoMaximumFoundException when a search spends its budget without converging */
  static Maximum maximise(ToDoubleFunction<double[]> logLikelihood, double[] start) {
    ObjectiveFunction objective = new ObjectiveFunction(logs -> {
      double[] parameters = exp(logs);
      for (double parameter : parameters) {
        if (!(parameter > 0) || Double.isInfinite(parameter)) {
          return Double.NEGATIVE_INFINITY;
        }
      }
      double value = logLikelihood.applyAsDouble(parameters);
      return Double.isNaN(value) ? Double.NEGATIVE_INFINITY : value;
    });
    double[] point = log(start);
    double value = Double.NaN;
    int evaluations = 0;
    for (int round = 0; round < 2; round++) {
      SimplexOptimizer optimizer = new SimplexOptimizer(RELATIVE, ABSOLUTE);
      PointValuePair best;
      try {
        best = optimizer.optimize(
            new MaxEval(MAX_EVALUATIONS), objective, GoalType.MAXIMIZE,
            new InitialGuess(point), new NelderMeadSimplex(point.length));
      } catch (MathIllegalStateException budgetSpent) {
        throw new NoMaximumFoundException(evaluations + MAX_EVALUATIONS);
      }
      point = best.getPoint();
      value = best.getValue();
      evaluations += optimizer.getEvaluations();
    }
    return new Maximum(exp(point), value, evaluations);
  }

  private static double[] exp(double[] logs) {
    double[] values = new double[logs.length];
    for (int i = 0; i < logs.length; i++) {
      values[i] = Math.exp(logs[i]);
    }
    return values;
  }

  private static double[] log(double[] values) {
    double[] logs = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      logs[i] = Math.log(values[i]);
    }
    return logs;
  }
}
