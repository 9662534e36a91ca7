/**
 * Profiles and their JSON-like attribute values: {@link io.cdpkit.core.profile.Profile}, {@link
 * io.cdpkit.core.profile.AttributeValue} and the changes that {@code identify} applies, {@link
 * io.cdpkit.core.profile.AttributeChange}.
 */
@NullMarked
package io.cdpkit.core.profile;

import org.jspecify.annotations.NullMarked;
