/**
 * Auto-configuration of a health contributor per bind.
 */
@NullMarked
package io.github.reactivesessions.autoconfigure.health;

import org.jspecify.annotations.NullMarked;
