/**
 * The JSON form of workflow definitions. Not supported API: anything here may change in any
 * release; use {@link io.cdpkit.workflows.Workflow#toJson()} and {@link
 * io.cdpkit.workflows.Workflow#fromJson(String)}.
 */
@NullMarked
package io.cdpkit.workflows.internal.json;

import org.jspecify.annotations.NullMarked;
