package io.github.reactivesessions.session;

import org.jspecify.annotations.Nullable;

import org.springframework.transaction.annotation.Isolation;
import org.springframework.util.Assert;

/**
 * How one {@code begin} block runs its transaction: at which isolation level, whether
 * read-only, and whether it is run again after a transient failure. Unset values are the
 * bind's: its database's default isolation, the bind's read-only setting and its
 * {@code retry} default. Immutable: every method returns a new instance.
 *
 * <pre class="code">
 * session.begin(BeginOptions.defaults()
 *         .isolation(Isolation.SERIALIZABLE)
 *         .retry(TransactionRetry.attempts(5)), (s) -&gt; transfer(s, from, to, amount));
 * </pre>
 *
 * @since 0.1.0
 * @see ReactiveSession#begin(BeginOptions, java.util.function.Function)
 */
public final class BeginOptions {

	private static final BeginOptions DEFAULTS = new BeginOptions(Isolation.DEFAULT, false, null);

	private final Isolation isolation;

	private final boolean readOnly;

	private final @Nullable TransactionRetry retry;

	private BeginOptions(Isolation isolation, boolean readOnly, @Nullable TransactionRetry retry) {
		this.isolation = isolation;
		this.readOnly = readOnly;
		this.retry = retry;
	}

	/**
	 * Return the options of a plain {@code begin}: everything as the bind has it.
	 * @return the default options
	 */
	public static BeginOptions defaults() {
		return DEFAULTS;
	}

	/**
	 * Return a copy that runs the transaction at the given isolation level;
	 * {@link Isolation#DEFAULT} is the database's (READ COMMITTED on PostgreSQL and H2,
	 * REPEATABLE READ on MySQL and MariaDB). The level holds for this transaction only: the
	 * connection goes back to the pool with its default.
	 * @param isolation the isolation level
	 * @return the new options
	 */
	public BeginOptions isolation(Isolation isolation) {
		Assert.notNull(isolation, "Isolation must not be null");
		return new BeginOptions(isolation, this.readOnly, this.retry);
	}

	/**
	 * Return a copy that opens a read-only transaction, which the database refuses to write
	 * in, on a bind that can write.
	 * @return the new options
	 */
	public BeginOptions readOnly() {
		return new BeginOptions(this.isolation, true, this.retry);
	}

	/**
	 * Return a copy that runs the block again as the given retry says, in place of the
	 * bind's {@code retry} default; {@link TransactionRetry#none()} runs it once.
	 * @param retry the retry
	 * @return the new options
	 */
	public BeginOptions retry(TransactionRetry retry) {
		Assert.notNull(retry, "TransactionRetry must not be null");
		return new BeginOptions(this.isolation, this.readOnly, retry);
	}

	/**
	 * Return the isolation level.
	 * @return the isolation, {@link Isolation#DEFAULT} for the database's
	 */
	public Isolation getIsolation() {
		return this.isolation;
	}

	/**
	 * Return whether the transaction is read-only, whatever the bind says.
	 * @return whether read-only was asked for
	 */
	public boolean isReadOnly() {
		return this.readOnly;
	}

	/**
	 * Return the retry, or {@code null} for the bind's default.
	 * @return the retry
	 */
	public @Nullable TransactionRetry getRetry() {
		return this.retry;
	}

	@Override
	public String toString() {
		return "BeginOptions[isolation=" + this.isolation + ", readOnly=" + this.readOnly + ", retry="
				+ ((this.retry != null) ? this.retry : "bind's") + "]";
	}

}
