/**
 * Entities whose binds are invalid, scanned only by the tests that expect startup to fail.
 */
@NullMarked
package io.github.reactivesessions.entitybinds.conflict;

import org.jspecify.annotations.NullMarked;
