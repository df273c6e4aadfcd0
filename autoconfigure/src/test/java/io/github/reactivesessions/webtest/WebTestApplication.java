package io.github.reactivesessions.webtest;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Application the web behaviour suite runs: controllers, services, functional routes and a
 * repository using sessions of four binds (see {@link WebBehaviourSuite}).
 */
@SpringBootApplication
public class WebTestApplication {

}
