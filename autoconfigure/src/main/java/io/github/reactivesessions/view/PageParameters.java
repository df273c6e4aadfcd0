package io.github.reactivesessions.view;

import java.util.List;
import java.util.regex.Pattern;

import org.springframework.util.MultiValueMap;

/**
 * The page a request asks for: its {@code page_key} and {@code page_size} query
 * parameters, checked strictly (decimal digits only, no sign, exponent or spaces, within
 * range, given at most once).
 *
 * @param pageKey the 1-based page number
 * @param pageSize the number of rows of a page
 */
record PageParameters(int pageKey, int pageSize) {

	private static final Pattern DIGITS = Pattern.compile("[0-9]{1,10}");

	/**
	 * Read the parameters of a query.
	 * @param query the query parameters
	 * @param defaultSize the page size when none is asked for
	 * @param maxSize the largest page size
	 * @throws ViewException when a parameter is malformed or out of range
	 */
	static PageParameters of(MultiValueMap<String, String> query, int defaultSize, int maxSize) {
		int pageKey = parse(query, OffsetPaginationMixin.PAGE_KEY, Integer.MAX_VALUE, 1);
		int pageSize = parse(query, OffsetPaginationMixin.PAGE_SIZE, maxSize, defaultSize);
		return new PageParameters(pageKey, pageSize);
	}

	private static int parse(MultiValueMap<String, String> query, String name, int max, int absent) {
		List<String> values = query.get(name);
		if (values == null || values.isEmpty()) {
			return absent;
		}
		if (values.size() > 1) {
			throw ViewException.badParameter(name, "%s must be given once, not %d times".formatted(name, values.size()));
		}
		String value = values.get(0);
		long number = (value != null && DIGITS.matcher(value).matches()) ? Long.parseLong(value) : 0;
		if (number < 1 || number > max) {
			throw ViewException.badParameter(name, "%s must be a whole number from 1 to %d, not '%s'".formatted(name,
					max, ViewErrors.echo((value != null) ? value : "")));
		}
		return (int) number;
	}

	/**
	 * Return the number of rows before the page.
	 */
	long offset() {
		return (this.pageKey - 1L) * this.pageSize;
	}

}
