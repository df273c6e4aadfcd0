/**
 * Starter for reactive-sessions: this module has no code of its own; it pulls in the
 * auto-configuration and the runtime pieces an application needs. This file exists so
 * that a javadoc jar is produced.
 */
@NullMarked
package io.github.reactivesessions.starter;

import org.jspecify.annotations.NullMarked;
