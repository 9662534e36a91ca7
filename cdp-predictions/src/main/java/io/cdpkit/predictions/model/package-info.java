/**
 * Customer-base models and their maximum-likelihood fits: {@link
 * io.cdpkit.predictions.model.BgNbd} for whether and how often a customer orders again, {@link
 * io.cdpkit.predictions.model.GammaGamma} for what an order is worth, both over {@link
 * io.cdpkit.predictions.model.PurchaseSummary} histories. Pure functions of numbers: no Cdp here.
 */
@NullMarked
package io.cdpkit.predictions.model;

import org.jspecify.annotations.NullMarked;
