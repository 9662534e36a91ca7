package io.cdpkit.core.profile;

/** JSON null. Kept only inside lists and objects read from JSON; a missing attribute is absent. */
public enum NullValue implements AttributeValue {
  INSTANCE;

  @Override
  public String toString() {
    return "null";
  }
}
