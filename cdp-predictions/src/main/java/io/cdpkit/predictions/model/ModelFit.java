package io.cdpkit.predictions.model;

import java.util.Objects;

/**
 * A model fitted by maximum likelihood, with what the fit saw. Immutable.
 *
 * @param model the parameters at the maximum found
 * @param logLikelihood the total log-likelihood of the data at those parameters
 * @param customers how many purchase histories the fit read
 * @param evaluations how many times the optimiser evaluated the likelihood
 * @param <M> the model
 */
public record ModelFit<M>(M model, double logLikelihood, int customers, int evaluations) {

  public ModelFit {
    Objects.requireNonNull(model, "model");
  }
}
