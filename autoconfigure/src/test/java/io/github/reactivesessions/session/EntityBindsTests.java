package io.github.reactivesessions.session;

import java.util.List;

import io.github.reactivesessions.entitybinds.conflict.Disputed;
import io.github.reactivesessions.entitybinds.unknown.Orphan;
import io.github.reactivesessions.routedtest.Ledger;
import io.github.reactivesessions.routedtest.Shelf;
import io.github.reactivesessions.routedtest.claimed.Stamp;
import io.github.reactivesessions.testsupport.Person;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link EntityBinds}: the rules that say which bind an entity type lives in.
 */
class EntityBindsTests {

	@Test
	void bindKeyAnnotationNamesTheEntitysBind() {
		EntityBinds binds = EntityBinds.annotated();
		assertThat(binds.declaredKey(Ledger.class)).isEqualTo("sa_second");
		assertThat(binds.keyOf(Ledger.class, "sa_main")).isEqualTo("sa_second");
		assertThat(binds.howDeclared(Ledger.class)).isEqualTo("@BindKey(\"sa_second\") on " + Ledger.class.getName());
	}

	@Test
	void entityThatNamesNoBindBelongsToTheDefaultBind() {
		EntityBinds binds = EntityBinds.annotated();
		assertThat(binds.declaredKey(Shelf.class)).isNull();
		assertThat(binds.keyOf(Shelf.class, "sa_main")).isEqualTo("sa_main");
		assertThat(binds.keyOf(Shelf.class, "sa_other")).isEqualTo("sa_other");
	}

	@Test
	void claimedPackageNamesTheBindOfItsTableEntities() {
		EntityBinds binds = EntityBinds.builder()
			.packages("sa_second", List.of("io.github.reactivesessions.routedtest.claimed"))
			.build();
		assertThat(binds.declaredKey(Stamp.class)).isEqualTo("sa_second");
		assertThat(binds.howDeclared(Stamp.class))
			.isEqualTo("sa.binds.sa_second.entity-packages (io.github.reactivesessions.routedtest.claimed)");
		assertThat(binds.declaredKey(Shelf.class)).isNull();
	}

	@Test
	void longestClaimedPackageWinsWhenPackagesNest() {
		EntityBinds binds = EntityBinds.builder()
			.packages("sa_main", List.of("io.github.reactivesessions.routedtest"))
			.packages("sa_second", List.of("io.github.reactivesessions.routedtest.claimed"))
			.build();
		assertThat(binds.declaredKey(Shelf.class)).isEqualTo("sa_main");
		assertThat(binds.declaredKey(Stamp.class)).isEqualTo("sa_second");
	}

	@Test
	void annotationThatAgreesWithThePackageIsAccepted() {
		EntityBinds binds = EntityBinds.builder()
			.packages("sa_second", List.of("io.github.reactivesessions.routedtest"))
			.build();
		assertThat(binds.declaredKey(Ledger.class)).isEqualTo("sa_second");
	}

	@Test
	void annotationAndPackageOfTwoBindsAreRefused() {
		EntityBinds binds = EntityBinds.builder()
			.packages("sa_second", List.of("io.github.reactivesessions.entitybinds.conflict"))
			.build();
		assertThatExceptionOfType(InvalidEntityBindException.class).isThrownBy(() -> binds.keyOf(Disputed.class, "sa_main"))
			.withMessage("Entity Disputed is claimed by two binds: by @BindKey(\"sa_main\") on " + Disputed.class.getName()
					+ " and by sa.binds.sa_second.entity-packages (io.github.reactivesessions.entitybinds.conflict)");
	}

	@Test
	void packageClaimedByTwoBindsIsRefused() {
		EntityBinds.Builder builder = EntityBinds.builder().packages("sa_main", List.of("com.example.shared"));
		assertThatExceptionOfType(InvalidEntityBindException.class)
			.isThrownBy(() -> builder.packages("sa_second", List.of("com.example.shared")))
			.withMessage("Package com.example.shared is claimed by two binds: sa.binds.sa_main.entity-packages and "
					+ "sa.binds.sa_second.entity-packages");
	}

	@Test
	void validateRefusesAKeyThatNamesNoBind() {
		assertThatExceptionOfType(InvalidEntityBindException.class)
			.isThrownBy(() -> EntityBinds.annotated().validate(Orphan.class, List.of("sa_main", "sa_second")))
			.withMessage("Entity Orphan names bind 'sa_nowhere' (@BindKey(\"sa_nowhere\") on " + Orphan.class.getName()
					+ "), but no bind has that key; the binds are [sa_main, sa_second]");
		EntityBinds.annotated().validate(Person.class, List.of("sa_main"));
	}

}
