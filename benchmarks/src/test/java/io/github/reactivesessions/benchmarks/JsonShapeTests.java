package io.github.reactivesessions.benchmarks;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNoException;

class JsonShapeTests {

	@Test
	void shapeKeepsNamesAndTypesNotValuesOrOrder() {
		assertThat(JsonShape.of("{\"b\":[{\"x\":1}],\"a\":\"one\",\"c\":null}"))
			.isEqualTo(JsonShape.of("{\"a\":\"two\",\"c\":null,\"b\":[{\"x\":2},{\"x\":3}]}"))
			.isEqualTo("{a:string,b:[{x:number}],c:null}");
	}

	@Test
	void sameShapesPass() {
		assertThatNoException()
			.isThrownBy(() -> JsonShape.requireSame(Scenario.S2, "{\"id\":1,\"name\":\"a\"}", "{\"name\":\"b\",\"id\":2}"));
	}

	@Test
	void differentShapesAreRefused() {
		assertThatIllegalStateException()
			.isThrownBy(() -> JsonShape.requireSame(Scenario.S2, "{\"id\":1}", "{\"id\":\"1\"}"))
			.withMessageContaining("starter {id:number}, hand-written {id:string}");
	}

}
