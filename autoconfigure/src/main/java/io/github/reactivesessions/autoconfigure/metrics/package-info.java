/**
 * Auto-configuration of Micrometer metrics and observations of the sessions of each bind.
 */
@NullMarked
package io.github.reactivesessions.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;
