package io.github.reactivesessions.benchmarks.app;

import java.net.URI;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Sort;
import org.springframework.data.relational.core.query.Query;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * A page of items with the total, in the JSON shape of the starter's offset pagination:
 * {@code {"items": [...], "page_key": 2, "page_size": 20, "total": 41, "next_url": ...,
 * "previous_url": ...}}, pages counted from 1.
 *
 * @param items the items of the page
 * @param pageKey the page number, from 1
 * @param pageSize the page size
 * @param total the number of items on all pages
 * @param nextUrl the url of the next page, or {@code null} on the last one
 * @param previousUrl the url of the previous page, or {@code null} on the first one
 * @param <T> the item type
 */
public record Page<T>(List<T> items, @JsonProperty("page_key") int pageKey, @JsonProperty("page_size") int pageSize,
		long total, @JsonProperty("next_url") @Nullable String nextUrl,
		@JsonProperty("previous_url") @Nullable String previousUrl) {

	/**
	 * Items on a page.
	 */
	public static final int SIZE = 20;

	/**
	 * The query of a page: items in id order, {@link #SIZE} of them from the page's offset.
	 * @param pageKey the page number, from 1
	 * @return the query
	 */
	public static Query query(int pageKey) {
		return Query.empty().sort(Sort.by("id")).limit(SIZE).offset((long) (pageKey - 1) * SIZE);
	}

	/**
	 * Build the page, with absolute links made from the request's url as the pagination
	 * mixin makes them, so that both sides do the same work.
	 * @param items the items of the page
	 * @param pageKey the page number, from 1
	 * @param total the number of items on all pages
	 * @param uri the url of the request
	 * @param <T> the item type
	 * @return the page
	 */
	public static <T> Page<T> of(List<T> items, int pageKey, long total, URI uri) {
		String next = ((long) pageKey * SIZE < total) ? link(uri, pageKey + 1) : null;
		String previous = (pageKey > 1) ? link(uri, pageKey - 1) : null;
		return new Page<>(items, pageKey, SIZE, total, next, previous);
	}

	private static String link(URI uri, int pageKey) {
		return UriComponentsBuilder.fromUri(uri).replaceQueryParam("page_key", pageKey).build().toUriString();
	}

}
