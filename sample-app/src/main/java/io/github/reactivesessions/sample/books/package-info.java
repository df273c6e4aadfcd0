/**
 * Class-based views: a paginated list with add, and a unit view with view, edit and delete.
 */
@NullMarked
package io.github.reactivesessions.sample.books;

import org.jspecify.annotations.NullMarked;
