package io.github.reactivesessions.bind;

import io.github.reactivesessions.session.ReactiveSessionFactory;
import io.github.reactivesessions.session.TransactionRetry;
import io.r2dbc.spi.ConnectionFactory;
import org.jspecify.annotations.Nullable;

/**
 * The settings of a bind's sessions that {@link Bind.Builder} takes (read-only,
 * expire-on-commit, autocommit-reads, retry), each unset until given: applied to the session
 * factory built for a url or a connection factory, or to a session factory given as the
 * target, which keeps its own value of every setting left unset.
 */
final class SessionSettings {

	@Nullable Boolean readOnly;

	@Nullable Boolean expireOnCommit;

	@Nullable Boolean autocommitReads;

	@Nullable TransactionRetry retry;

	/**
	 * Start the session factory of a bind built for a url or a connection factory: an unset
	 * setting keeps the session factory's default.
	 */
	ReactiveSessionFactory.Builder builder(ConnectionFactory connectionFactory, String key) {
		ReactiveSessionFactory.Builder builder = ReactiveSessionFactory.builder(connectionFactory)
			.key(key)
			.readOnly(Boolean.TRUE.equals(this.readOnly))
			.expireOnCommit(Boolean.TRUE.equals(this.expireOnCommit));
		if (this.autocommitReads != null) {
			builder.autocommitReads(this.autocommitReads);
		}
		if (this.retry != null) {
			builder.retry(this.retry);
		}
		return builder;
	}

	/**
	 * Return the given session factory with the bind's key and the settings given here, a
	 * new one sharing its template and transaction manager when either differs.
	 */
	ReactiveSessionFactory applyTo(ReactiveSessionFactory given, String key) {
		boolean readOnly = (this.readOnly != null) ? this.readOnly : given.isReadOnly();
		boolean expireOnCommit = (this.expireOnCommit != null) ? this.expireOnCommit : given.isExpireOnCommit();
		boolean autocommitReads = (this.autocommitReads != null) ? this.autocommitReads : given.isAutocommitReads();
		TransactionRetry retry = (this.retry != null) ? this.retry : given.getRetry();
		if (given.key().equals(key) && readOnly == given.isReadOnly() && expireOnCommit == given.isExpireOnCommit()
				&& autocommitReads == given.isAutocommitReads() && retry.equals(given.getRetry())) {
			return given;
		}
		return ReactiveSessionFactory.builder(given.connectionFactory())
			.key(key)
			.entityTemplate(given.entityTemplate())
			.transactionManager(given.transactionManager())
			.readOnly(readOnly)
			.expireOnCommit(expireOnCommit)
			.autocommitReads(autocommitReads)
			.retry(retry)
			.build();
	}

}
