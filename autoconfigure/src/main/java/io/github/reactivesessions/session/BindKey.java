package io.github.reactivesessions.session;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the bind an entity type lives in: Flask-SQLAlchemy's {@code __bind_key__}. The
 * bind's {@code create-all} creates the entity's table, a {@link RoutedSession} reads and
 * writes it there, and a session of another bind refuses it at once with a
 * {@link WrongBindException}.
 *
 * <pre class="code">
 * &#64;Table("notes")
 * &#64;BindKey("sa_second")
 * public class Note { ... }
 * </pre>
 *
 * An entity that names no bind, neither here nor through {@code sa.binds.<key>.entity-packages},
 * belongs to the default bind (see {@link EntityBinds}).
 *
 * @since 0.1.0
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface BindKey {

	/**
	 * The key of the entity's bind.
	 * @return the bind key
	 */
	String value();

}
