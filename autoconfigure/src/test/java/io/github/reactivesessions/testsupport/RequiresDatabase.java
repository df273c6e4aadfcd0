package io.github.reactivesessions.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class that needs a database server: when the server cannot be reached the
 * class is skipped with a message naming it, or fails when the environment variable
 * {@code CI} is {@code true}, so that a build server never passes by skipping.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(RequiresDatabaseCondition.class)
public @interface RequiresDatabase {

	/**
	 * The servers the test class needs.
	 */
	DatabaseServer[] value();

}
