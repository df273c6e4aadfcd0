package io.github.reactivesessions.autoconfigure;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

import io.github.reactivesessions.session.BindKey;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.data.relational.core.mapping.Table;
import org.springframework.util.ClassUtils;

/**
 * Finds the entity types of packages: the classes annotated {@code @Table} or
 * {@link BindKey @BindKey}. Spring Data's own {@code EntityScanner} knows only the
 * annotations it is given and one set of packages; a bind's create-all and the startup
 * check of the entities' binds each scan their own.
 */
final class EntityScan {

	private EntityScan() {
	}

	/**
	 * The application's packages (those of {@code @SpringBootApplication}), or none.
	 */
	static Collection<String> applicationPackages(@Nullable BeanFactory beanFactory) {
		return (beanFactory != null && AutoConfigurationPackages.has(beanFactory))
				? AutoConfigurationPackages.get(beanFactory) : Set.of();
	}

	/**
	 * The entity types of the given packages and their sub-packages, each once.
	 */
	static Set<Class<?>> entityTypes(Collection<String> packages, ResourceLoader resourceLoader) {
		ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
		scanner.setResourceLoader(resourceLoader);
		scanner.addIncludeFilter(new AnnotationTypeFilter(Table.class));
		scanner.addIncludeFilter(new AnnotationTypeFilter(BindKey.class));
		Set<Class<?>> types = new LinkedHashSet<>();
		for (String basePackage : new LinkedHashSet<>(packages)) {
			for (BeanDefinition candidate : scanner.findCandidateComponents(basePackage)) {
				types.add(ClassUtils.resolveClassName(candidate.getBeanClassName(), resourceLoader.getClassLoader()));
			}
		}
		return types;
	}

}
