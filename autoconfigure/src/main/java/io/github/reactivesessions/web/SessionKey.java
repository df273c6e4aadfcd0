package io.github.reactivesessions.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Selects the bind of a {@code ReactiveSession} handler parameter; without it, the parameter
 * gets the session of the default key.
 *
 * <pre class="code">
 * &#64;GetMapping("/both")
 * Mono&lt;String&gt; both(ReactiveSession main, &#64;SessionKey("sa_second") ReactiveSession second) { ... }
 * </pre>
 *
 * @since 0.1.0
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface SessionKey {

	/**
	 * The key of the bind.
	 * @return the bind key
	 */
	String value();

}
