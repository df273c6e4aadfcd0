package io.github.reactivesessions.sample.books;

import io.github.reactivesessions.view.SaModelMixin;
import io.github.reactivesessions.view.ViewException;

/**
 * What a book sent in a body must look like; a bad one is answered with a 400 naming the
 * field. (A title or author too long for its column is refused by the database, and the
 * view names the field then.)
 */
interface BookValidation extends SaModelMixin<Book> {

	@Override
	default void validate(Book book) {
		if (book.getTitle() == null || book.getTitle().isBlank()) {
			throw ViewException.badField("title", "A book needs a title");
		}
		if (book.getAuthor() == null || book.getAuthor().isBlank()) {
			throw ViewException.badField("author", "A book needs an author");
		}
		if (book.getYear() < 1450 || book.getYear() > 2100) {
			throw ViewException.badField("year", "year must be from 1450 to 2100, not " + book.getYear());
		}
	}

}
