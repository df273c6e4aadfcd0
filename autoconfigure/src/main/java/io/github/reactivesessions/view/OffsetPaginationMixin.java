package io.github.reactivesessions.view;

import reactor.core.publisher.Mono;

/**
 * Pages through the rows of {@link #selectStatement()} by offset: aiohttp-sqlalchemy's
 * {@code OffsetPaginationMixin}.
 *
 * <p>The page is chosen by the {@value #PAGE_KEY} query parameter, 1-based and 1 when
 * absent; the client may ask for a page size with {@value #PAGE_SIZE}, from 1 to
 * {@link #maxPageSize()}, otherwise {@link #pageSize()} rows make a page. Either parameter
 * malformed or out of range is a 400 naming it. A page past the end is empty. Rows are
 * ordered by the statement's sort, or by the {@code @Id} when it has none, so that pages do
 * not overlap.
 *
 * @param <T> the entity type
 * @since 0.1.0
 */
public interface OffsetPaginationMixin<T> extends ListViewMixin<T> {

	/**
	 * Query parameter of the 1-based page number.
	 */
	String PAGE_KEY = "page_key";

	/**
	 * Query parameter of the page size a client asks for.
	 */
	String PAGE_SIZE = "page_size";

	/**
	 * Return the number of rows of a page when the client does not ask for one; capped by
	 * {@link #maxPageSize()}.
	 * @return the page size, 20 by default
	 */
	default int pageSize() {
		return 20;
	}

	/**
	 * Return the largest page size, whether asked for by the client or set by
	 * {@link #pageSize()}.
	 * @return the maximum page size, 100 by default
	 */
	default int maxPageSize() {
		return 100;
	}

	/**
	 * Select the requested page, the total row count and the links to the neighbouring
	 * pages, built from the request's URL with its other query parameters kept.
	 * @return the page; a {@link ViewException} error (400) when {@value #PAGE_KEY} or
	 * {@value #PAGE_SIZE} is malformed or out of range
	 */
	default Mono<OffsetPage<T>> selectPage() {
		return OffsetPages.select(this);
	}

}
