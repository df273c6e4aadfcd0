package io.github.reactivesessions.autoconfigure;

import java.util.function.Predicate;

import io.github.reactivesessions.autoconfigure.BindBeansRegistrar.BindBean;
import org.jspecify.annotations.Nullable;

import org.springframework.aot.generate.GenerationContext;
import org.springframework.beans.factory.aot.BeanRegistrationAotContribution;
import org.springframework.beans.factory.aot.BeanRegistrationAotProcessor;
import org.springframework.beans.factory.aot.BeanRegistrationCode;
import org.springframework.beans.factory.aot.BeanRegistrationCodeFragments;
import org.springframework.beans.factory.aot.BeanRegistrationCodeFragmentsDecorator;
import org.springframework.beans.factory.support.RegisteredBean;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.javapoet.ClassName;
import org.springframework.javapoet.CodeBlock;

/**
 * Makes the beans of {@link BindBeansRegistrar} contributable to Spring AOT: their
 * definitions hold an instance supplier, which AOT cannot write as code, so the generated
 * code calls {@link BindBeansRegistrar#instanceSupplier} with the bean's key and part
 * instead, and the bind's settings are read when the application runs, as Spring Boot
 * binds {@code @ConfigurationProperties} beans at runtime.
 */
class BindBeansAotProcessor implements BeanRegistrationAotProcessor {

	@Override
	public @Nullable BeanRegistrationAotContribution processAheadOfTime(RegisteredBean registeredBean) {
		if (!(registeredBean.getMergedBeanDefinition().getAttribute(BindBean.ATTRIBUTE) instanceof BindBean bean)) {
			return null;
		}
		return BeanRegistrationAotContribution.withCustomCodeFragments((fragments) -> new CodeFragments(fragments, bean));
	}

	private static final class CodeFragments extends BeanRegistrationCodeFragmentsDecorator {

		private final BindBean bean;

		CodeFragments(BeanRegistrationCodeFragments delegate, BindBean bean) {
			super(delegate);
			this.bean = bean;
		}

		// In the registrar's package, whose package-private supplier it calls.
		@Override
		public ClassName getTarget(RegisteredBean registeredBean) {
			return ClassName.get(BindBeansRegistrar.class);
		}

		@Override
		public CodeBlock generateSetBeanDefinitionPropertiesCode(GenerationContext generationContext,
				BeanRegistrationCode beanRegistrationCode, RootBeanDefinition beanDefinition,
				Predicate<String> attributeFilter) {
			return super.generateSetBeanDefinitionPropertiesCode(generationContext, beanRegistrationCode,
					beanDefinition, attributeFilter.and((name) -> !BindBean.ATTRIBUTE.equals(name)));
		}

		@Override
		public CodeBlock generateInstanceSupplierCode(GenerationContext generationContext,
				BeanRegistrationCode beanRegistrationCode, boolean allowDirectSupplierShortcut) {
			return CodeBlock.of("$T.instanceSupplier($S, $T.$L)", BindBeansRegistrar.class, this.bean.key(),
					BindBeansRegistrar.Part.class, this.bean.part().name());
		}

	}

}
