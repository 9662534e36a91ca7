package io.cdpkit.core.profile;

/** {@code true} or {@code false}. */
public enum BooleanValue implements AttributeValue {
  FALSE,
  TRUE;

  public static BooleanValue of(boolean value) {
    return value ? TRUE : FALSE;
  }

  public boolean value() {
    return this == TRUE;
  }

  @Override
  public String toString() {
    return value() ? "true" : "false";
  }
}
