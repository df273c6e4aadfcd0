package io.github.reactivesessions.sample.books;

import io.github.reactivesessions.view.SaModelMixin;
import io.github.reactivesessions.view.ViewException;

/**
 * What a book sent in a body must look like; a bad one is answered with a 400.
 */
interface BookValidation extends SaModelMixin<Book> {

	@Override
	default void validate(Book book) {
		if (book.getTitle().isBlank()) {
			throw ViewException.badBody("A book needs a title");
		}
		if (book.getYear() < 1450 || book.getYear() > 2100) {
			throw ViewException.badBody("year must be from 1450 to 2100, not " + book.getYear());
		}
	}

}
