package io.github.reactivesessions.session;

/**
 * Thrown when a session asked to write inside a read-only {@code begin} block
 * ({@link BeginOptions#readOnly()}) that runs on a read replica. Outside a block the
 * session would have moved to the primary by itself, and a block without read-only runs on
 * the primary; a block's transaction cannot move.
 *
 * @since 0.4.0
 */
public class ReplicaWriteException extends ReadOnlySessionException {

	private final String replica;

	/**
	 * Create an exception for the given bind, replica and refused write.
	 * @param key the bind key
	 * @param replica the name of the replica
	 * @param what a description of the refused write
	 */
	public ReplicaWriteException(String key, String replica, String what) {
		super(key, what, ("Bind '%s' runs this read-only begin block on its replica '%s': refused to %s. Run the "
				+ "block on the primary: drop readOnly() from its BeginOptions, or call session.usePrimary() before "
				+ "it, or annotate the handler with @ReadsOn(Role.PRIMARY).").formatted(key, replica, what));
		this.replica = replica;
	}

	/**
	 * Return the name of the replica the block runs on.
	 * @return the replica name
	 */
	public String getReplica() {
		return this.replica;
	}

}
