package io.github.reactivesessions.view;

import java.net.URI;

import io.github.reactivesessions.session.ReactiveSession;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.data.domain.Sort;
import org.springframework.data.relational.core.mapping.RelationalPersistentEntity;
import org.springframework.data.relational.core.mapping.RelationalPersistentProperty;
import org.springframework.data.relational.core.query.Query;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Selects a page for {@link OffsetPaginationMixin}.
 */
final class OffsetPages {

	private OffsetPages() {
	}

	static <T> Mono<OffsetPage<T>> select(OffsetPaginationMixin<T> view) {
		return Mono.defer(() -> {
			int maxSize = view.maxPageSize();
			if (maxSize < 1 || view.pageSize() < 1) {
				throw new IllegalStateException("Page sizes of %s must be positive, not %d (maximum %d)"
					.formatted(view.getClass().getSimpleName(), view.pageSize(), maxSize));
			}
			PageParameters page = PageParameters.of(view.request().queryParams(), Math.min(view.pageSize(), maxSize),
					maxSize);
			Class<T> model = view.model();
			Query statement = view.selectStatement();
			Query paged = ordered(statement, Models.entity(view)).limit(page.pageSize()).offset(page.offset());
			ReactiveSession session = view.session();
			return session.count(model, statement)
				.flatMap((total) -> session.select(model, paged)
					.collectList()
					.map((items) -> new OffsetPage<>(items, page.pageKey(), page.pageSize(), total,
							next(view.request().uri(), page, total), previous(view.request().uri(), page, total))));
		});
	}

	private static Query ordered(Query statement, RelationalPersistentEntity<?> entity) {
		RelationalPersistentProperty id = entity.getIdProperty();
		if (statement.getSort().isSorted() || id == null || id.isEmbedded()) {
			return statement;
		}
		return statement.sort(Sort.by(id.getName()));
	}

	private static @Nullable String next(URI uri, PageParameters page, long total) {
		return (page.pageKey() < lastPageKey(page, total)) ? url(uri, page.pageKey() + 1) : null;
	}

	/**
	 * Return the previous page's URL; past the end, that of the last page.
	 */
	private static @Nullable String previous(URI uri, PageParameters page, long total) {
		return (page.pageKey() > 1) ? url(uri, Math.min(page.pageKey() - 1, lastPageKey(page, total))) : null;
	}

	/**
	 * Return the key of the last page; an empty table has one, empty, page.
	 */
	private static long lastPageKey(PageParameters page, long total) {
		return Math.max(1, (total + page.pageSize() - 1) / page.pageSize());
	}

	private static String url(URI uri, long pageKey) {
		// The request's raw components are kept as they came, so the other parameters are not re-encoded
		return UriComponentsBuilder.fromUri(uri)
			.replaceQueryParam(OffsetPaginationMixin.PAGE_KEY, pageKey)
			.build()
			.toUriString();
	}

}
