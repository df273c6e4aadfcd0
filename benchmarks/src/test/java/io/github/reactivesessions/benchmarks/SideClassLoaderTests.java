package io.github.reactivesessions.benchmarks;

import java.io.IOException;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class SideClassLoaderTests {

	private final ClassLoader benchmark = getClass().getClassLoader();

	@Test
	void loadsSpringAndReactorAgainForItsSide() throws Exception {
		try (SideClassLoader side = new SideClassLoader("starter", this.benchmark)) {
			Class<?> mono = side.loadClass(Mono.class.getName());
			assertThat(mono).isNotSameAs(Mono.class);
			assertThat(mono.getClassLoader()).isSameAs(side);
			assertThat(side.loadClass(ApplicationContext.class.getName())).isNotSameAs(ApplicationContext.class);
		}
	}

	@Test
	void sharesTheH2EngineSoThatBothSidesSeeOneDatabase() throws Exception {
		try (SideClassLoader side = new SideClassLoader("starter", this.benchmark)) {
			assertThat(side.loadClass("org.h2.engine.Engine"))
				.isSameAs(this.benchmark.loadClass("org.h2.engine.Engine"));
		}
	}

	@Test
	void sidesDoNotShareTheirClasses() throws IOException, ClassNotFoundException {
		try (SideClassLoader starter = new SideClassLoader("starter", this.benchmark);
				SideClassLoader handWritten = new SideClassLoader("hand-written", this.benchmark)) {
			assertThat(starter.loadClass(Mono.class.getName())).isNotSameAs(handWritten.loadClass(Mono.class.getName()));
		}
	}

	@Test
	void refusesAClassPathWithoutTheBenchmarkAndSaysWhatToDo() {
		String classPath = System.getProperty("java.class.path");
		System.setProperty("java.class.path", "");
		try {
			assertThatIllegalStateException().isThrownBy(() -> new SideClassLoader("starter", this.benchmark))
				.withMessageContaining("not on java.class.path")
				.withMessageEndingWith("use --isolation=none");
		}
		finally {
			System.setProperty("java.class.path", classPath);
		}
	}

	@Test
	void isolationNoneRunsBothSidesOnTheBenchmarksClasses() throws IOException {
		assertThat(Isolation.NONE.classLoaderFor(Side.STARTER)).isSameAs(this.benchmark);
		try (SideClassLoader side = (SideClassLoader) Isolation.CLASSLOADER.classLoaderFor(Side.STARTER)) {
			assertThat(side.getName()).isEqualTo("starter");
		}
	}

}
