package io.cdpkit.segments;

import io.cdpkit.core.CdpException;

/** No saved segment or static group has the name asked for. */
public class SegmentNotFoundException extends CdpException {
  private static final long serialVersionUID = 1L;

  private final String name;

  public SegmentNotFoundException(String kind, String name) {
    super("No " + kind + " named '" + name + "'");
    this.name = name;
  }

  public String name() {
    return name;
  }
}
