/**
 * Merge tags and template rendering for the send steps. Not supported API: anything here may
 * change in any release. Start with {@link io.cdpkit.workflows.internal.render.MergeTags} (which
 * tag reads which profile or event field, with which default), {@link
 * io.cdpkit.workflows.internal.render.Template} and {@link
 * io.cdpkit.workflows.internal.render.UrlTemplate}; {@link
 * io.cdpkit.workflows.internal.render.EmailStepTemplate}, {@link
 * io.cdpkit.workflows.internal.render.MessageStepTemplate} and {@link
 * io.cdpkit.workflows.internal.render.HttpStepTemplate} validate a step and render its request.
 */
@NullMarked
package io.cdpkit.workflows.internal.render;

import org.jspecify.annotations.NullMarked;
