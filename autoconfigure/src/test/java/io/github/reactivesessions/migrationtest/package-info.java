/**
 * Per-bind Flyway migrations, against every database.
 */
@NullMarked
package io.github.reactivesessions.migrationtest;

import org.jspecify.annotations.NullMarked;
