package io.cdpkit.predictions.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.cdpkit.core.spi.DocumentStore;
import io.cdpkit.predictions.PredictionFit;
import java.util.Objects;
import java.util.Optional;

/**
 * The latest fit as the document {@link #FIT} of a {@link DocumentStore}, and the name of the
 * refit claim beside it. Thread-safe.
 */
public final class FitDocuments {
  /** The document holding the latest fit. */
  public static final String FIT = "predictions.fit";
  /** The claim a process holds while it refits. */
  public static final String REFIT = "predictions.refit";

  private final DocumentStore documents;

  public FitDocuments(DocumentStore documents) {
    this.documents = Objects.requireNonNull(documents, "documents");
  }

  /** The latest fit saved, if any. */
  public Optional<PredictionFit> latest() {
    return documents.find(FIT).map(FitDocuments::parse);
  }

  /** Keeps {@code fit} as the latest. */
  public void save(PredictionFit fit) {
    try {
      documents.put(FIT, FitJson.MAPPER.writeValueAsString(FitJson.write(fit)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the prediction fit as JSON", e);
    }
  }

  private static PredictionFit parse(String json) {
    try {
      return FitJson.read(FitJson.MAPPER.readTree(json));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the stored prediction fit '" + FIT + "' is not JSON", e);
    }
  }
}
