package io.github.reactivesessions.session;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * Connection factory behind {@link ReactiveSession#operations()}: hands out the session's
 * connection (after a flush, opening the session's transaction if needed) wrapped so that
 * closing it leaves it to the session.
 */
final class SessionConnectionFactory implements ConnectionFactory {

	private final SessionStatements statements;

	private final ConnectionFactory target;

	SessionConnectionFactory(SessionStatements statements, ConnectionFactory target) {
		this.statements = statements;
		this.target = target;
	}

	@Override
	public Publisher<? extends Connection> create() {
		return this.statements.connection().map(SessionConnectionFactory::closeSuppressing);
	}

	@Override
	public ConnectionFactoryMetadata getMetadata() {
		return this.target.getMetadata();
	}

	private static Connection closeSuppressing(Connection connection) {
		return (Connection) Proxy.newProxyInstance(SessionConnectionFactory.class.getClassLoader(),
				new Class<?>[] { Connection.class }, new CloseSuppressingHandler(connection));
	}

	private record CloseSuppressingHandler(Connection target) implements InvocationHandler {

		@Override
		public @Nullable Object invoke(Object proxy, Method method, @Nullable Object[] args) throws Throwable {
			return switch (method.getName()) {
				case "close" -> Mono.empty();
				case "equals" -> proxy == args[0];
				case "hashCode" -> System.identityHashCode(proxy);
				case "toString" -> "Session connection [" + this.target + "]";
				default -> invokeTarget(method, args);
			};
		}

		private @Nullable Object invokeTarget(Method method, @Nullable Object[] args) throws Throwable {
			try {
				return method.invoke(this.target, args);
			}
			catch (InvocationTargetException ex) {
				throw ex.getTargetException();
			}
		}

	}

}
