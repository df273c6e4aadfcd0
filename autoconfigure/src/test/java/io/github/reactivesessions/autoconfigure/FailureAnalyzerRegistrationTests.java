package io.github.reactivesessions.autoconfigure;

import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.io.ClassPathResource;
import org.springframework.util.ReflectionUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks that every FailureAnalyzer the starter registers in {@code spring.factories} is a
 * class Spring Boot can create, wherever it lives (the one of {@code @UseSession} sits in
 * {@code web}, beside its package-private exception).
 */
class FailureAnalyzerRegistrationTests {

	@Test
	void everyRegisteredAnalyzerIsAFailureAnalyzerSpringBootCanCreate() throws Exception {
		Properties factories = new Properties();
		try (InputStream in = new ClassPathResource("META-INF/spring.factories").getInputStream()) {
			factories.load(in);
		}
		List<String> names = Arrays.stream(factories.getProperty(FailureAnalyzer.class.getName()).split(","))
			.map(String::trim)
			.toList();
		assertThat(names).contains("io.github.reactivesessions.web.InvalidUseSessionFailureAnalyzer",
				"io.github.reactivesessions.autoconfigure.DuplicateBindKeyFailureAnalyzer");
		for (String name : names) {
			Class<?> type = Class.forName(name);
			assertThat(FailureAnalyzer.class).as(name).isAssignableFrom(type);
			assertThat(ReflectionUtils.accessibleConstructor(type).newInstance()).as(name).isNotNull();
		}
	}

}
