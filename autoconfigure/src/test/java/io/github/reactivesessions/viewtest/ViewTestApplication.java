package io.github.reactivesessions.viewtest;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Application the view behaviour suite runs: class-based views on functional routes and an
 * annotated controller using the same mixins (see {@link ViewBehaviourSuite}); the
 * auto-configuration supplies the {@code ViewExceptionHandler} the controller relies on.
 */
@SpringBootApplication
public class ViewTestApplication {

}
