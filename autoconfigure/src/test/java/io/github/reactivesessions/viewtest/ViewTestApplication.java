package io.github.reactivesessions.viewtest;

import io.github.reactivesessions.view.ViewExceptionHandler;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/**
 * Application the view behaviour suite runs: class-based views on functional routes and an
 * annotated controller using the same mixins (see {@link ViewBehaviourSuite}).
 */
@SpringBootApplication
@Import(ViewExceptionHandler.class)
public class ViewTestApplication {

}
