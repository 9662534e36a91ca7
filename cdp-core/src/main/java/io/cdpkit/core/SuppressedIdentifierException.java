package io.cdpkit.core;

import io.cdpkit.core.identity.Identifier;

/**
 * A call carried an identifier of an erased person, kept as a one-way hash because suppression is
 * on: nothing of the call was stored, so the person is not re-created.
 */
public class SuppressedIdentifierException extends CdpException {
  private static final long serialVersionUID = 1L;

  private final String type;

  public SuppressedIdentifierException(Identifier identifier) {
    super("identifier " + identifier.type() + " refused: it belonged to an erased person (suppression list)");
    this.type = identifier.type();
  }

  /** The type of the suppressed identifier (its value is not kept, by design). */
  public String identifierType() {
    return type;
  }
}
