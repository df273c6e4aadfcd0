package io.github.reactivesessions.autoconfigure;

import java.util.List;

/**
 * Thrown when a bind names, in {@code connection-factory}, a ConnectionFactory bean that
 * does not exist.
 */
class MissingConnectionFactoryBeanException extends IllegalStateException {

	private final String key;

	private final String beanName;

	private final List<String> connectionFactoryBeans;

	MissingConnectionFactoryBeanException(String key, String beanName, List<String> connectionFactoryBeans) {
		super("Bind '%s' binds the ConnectionFactory bean '%s', which does not exist".formatted(key, beanName));
		this.key = key;
		this.beanName = beanName;
		this.connectionFactoryBeans = connectionFactoryBeans;
	}

	String getKey() {
		return this.key;
	}

	String getBeanName() {
		return this.beanName;
	}

	List<String> getConnectionFactoryBeans() {
		return this.connectionFactoryBeans;
	}

}
