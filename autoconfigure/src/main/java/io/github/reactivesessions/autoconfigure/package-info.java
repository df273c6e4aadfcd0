/**
 * Auto-configuration of reactive-sessions: binds from {@code sa.*} properties, their Spring
 * beans, and failure analyzers for misconfiguration.
 */
@NullMarked
package io.github.reactivesessions.autoconfigure;

import org.jspecify.annotations.NullMarked;
