package io.github.reactivesessions.autoconfigure;

import io.github.reactivesessions.bind.Bind;

import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration}
 * that keeps the passwords of binds out of the actuator's {@code configprops} and
 * {@code env} endpoints, even with {@code show-values=always}: a bind's {@code password},
 * and the password inside its {@code url}, are shown as {@code ******}.
 *
 * @since 0.1.0
 */
@AutoConfiguration
@ConditionalOnClass(SanitizingFunction.class)
public final class ReactiveSessionsActuatorAutoConfiguration {

	@Bean
	SanitizingFunction bindPasswordSanitizingFunction() {
		return (data) -> {
			String key = data.getLowerCaseKey();
			if (!key.startsWith("sa.binds.")) {
				return data;
			}
			if (key.endsWith(".password")) {
				return data.withSanitizedValue();
			}
			if (key.endsWith(".url") && data.getValue() instanceof CharSequence url) {
				// Bind masks with ******, the actuator's own mask (SanitizableData.SANITIZED_VALUE).
				return data.withValue(Bind.maskPassword(url.toString()));
			}
			return data;
		};
	}

}
