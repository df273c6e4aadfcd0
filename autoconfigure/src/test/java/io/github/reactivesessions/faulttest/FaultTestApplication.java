package io.github.reactivesessions.faulttest;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Application the fault suites run: transactional handlers that move money between
 * accounts, hold connections or fail on purpose (see {@link FaultSuite}).
 */
@SpringBootApplication
public class FaultTestApplication {

}
