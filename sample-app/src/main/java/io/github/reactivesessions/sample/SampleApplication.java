package io.github.reactivesessions.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The aiohttp-sqlalchemy quickstart and advanced examples as a Spring WebFlux application,
 * on embedded H2 databases by default (profiles {@code postgres} and {@code mysql} use the
 * local servers).
 */
@SpringBootApplication
public class SampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
