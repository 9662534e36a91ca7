package io.cdpkit.app.dashboard;

import java.io.IOException;

/** The JSON endpoints of one area of the dashboard, under {@code /api/AREA/...}. */
interface ApiHandler {
  /**
   * Answers the request; {@link ApiRequest#path()} is the path after {@code /api/AREA}.
   *
   * @throws NotFoundException for an unknown id or sub-path
   * @throws MethodNotAllowedException for a method the path does not take
   * @throws BadParameterException for a missing or wrong parameter
   */
  void handle(ApiRequest request) throws IOException;
}
