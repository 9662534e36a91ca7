package io.cdpkit.core;

/** No profile, alive or merged away, has the id or identifier asked for. */
public class ProfileNotFoundException extends CdpException {
  private static final long serialVersionUID = 1L;

  private final String key;

  public ProfileNotFoundException(String key) {
    super("No profile found for " + key);
    this.key = key;
  }

  /** The id or identifier that was looked up. */
  public String key() {
    return key;
  }
}
