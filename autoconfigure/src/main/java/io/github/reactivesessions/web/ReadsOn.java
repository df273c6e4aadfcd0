package io.github.reactivesessions.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Says where the sessions of a handler's requests read, on binds with read replicas, in
 * place of the rule of the request's method (GET, HEAD and OPTIONS on a replica, the
 * others on the primary) and of the client's read-your-writes window.
 *
 * <pre class="code">
 * &#64;ReadsOn(Role.PRIMARY)
 * &#64;GetMapping("/balance")
 * Mono&lt;Account&gt; balance(ReactiveSession session) { ... }
 *
 * &#64;ReadsOn(Role.REPLICA)
 * &#64;PostMapping("/search")
 * Flux&lt;Order&gt; search(&#64;RequestBody Criteria criteria, ReactiveSession session) { ... }
 * </pre>
 *
 * <p>On a controller method or its class (the method's wins). A functional route sets the
 * same with {@link SessionHandlerFilters#readsOn(Role)}. A session may still move itself
 * to the primary ({@link io.github.reactivesessions.session.ReactiveSession#usePrimary()}),
 * and its first write does.
 *
 * @since 0.4.0
 */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ReadsOn {

	/**
	 * Exchange attribute holding the {@link Role} of a request's reads, set by
	 * {@link SessionHandlerFilters#readsOn(Role)}.
	 */
	String ATTRIBUTE = ReadsOn.class.getName();

	/**
	 * Where the sessions read.
	 * @return the role
	 */
	Role value();

}
