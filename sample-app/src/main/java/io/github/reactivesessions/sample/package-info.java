/**
 * Sample application of reactive-sessions.
 */
@NullMarked
package io.github.reactivesessions.sample;

import org.jspecify.annotations.NullMarked;
