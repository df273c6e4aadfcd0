package io.github.reactivesessions.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Opens the sessions of the given binds for one handler or method: aiohttp-sqlalchemy's
 * {@code sa_decorator(key)}.
 *
 * <p>On an annotated controller method (or its class), the sessions are opened for the
 * request, can be injected as handler parameters, and are closed when the exchange ends. On
 * any other bean method returning {@code Mono} or {@code Flux}, the method's publisher runs
 * with the sessions in its Reactor Context ({@link ReactiveSessions#current(String)}): the
 * request's sessions when called within a request, otherwise sessions opened for the call
 * and closed when its publisher ends.
 *
 * <pre class="code">
 * &#64;UseSession("sa_second")
 * &#64;GetMapping("/specific")
 * Mono&lt;Long&gt; specific(&#64;SessionKey("sa_second") ReactiveSession session) {
 *     return session.count(Report.class, Query.empty());
 * }
 * </pre>
 *
 * <p>Keys must name binds. On a handler, a key that the web filter already opens for the
 * request fails with {@link DuplicateSessionKeyException} (at startup when the filter opens
 * it on every path): such binds need {@code middleware: false}.
 *
 * @since 0.1.0
 */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface UseSession {

	/**
	 * The keys of the binds to open; the default key when empty.
	 * @return the bind keys
	 */
	String[] value() default {};

}
