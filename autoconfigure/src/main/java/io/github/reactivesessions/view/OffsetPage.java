package io.github.reactivesessions.view;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.jspecify.annotations.Nullable;

/**
 * One page of {@link OffsetPaginationMixin#selectPage()}, written as JSON (absent links
 * are {@code null}):
 *
 * <pre class="code">
 * {"items": [...], "page_key": 2, "page_size": 20, "total": 41,
 *  "next_url": "http://host/orders?page_key=3", "previous_url": "http://host/orders?page_key=1"}
 * </pre>
 *
 * @param items the rows of the page
 * @param pageKey the 1-based page number
 * @param pageSize the page size
 * @param total the number of rows of all pages
 * @param nextUrl the URL of the next page, or {@code null} on the last page
 * @param previousUrl the URL of the previous page, or {@code null} on the first page
 * @param <T> the entity type
 * @since 0.1.0
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({ "items", "page_key", "page_size", "total", "next_url", "previous_url" })
public record OffsetPage<T>(List<T> items, @JsonProperty("page_key") int pageKey,
		@JsonProperty("page_size") int pageSize, long total, @JsonProperty("next_url") @Nullable String nextUrl,
		@JsonProperty("previous_url") @Nullable String previousUrl) {

}
