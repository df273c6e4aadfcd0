package io.github.reactivesessions.session;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.convert.ConversionService;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.mapping.PersistentPropertyAccessor;
import org.springframework.data.r2dbc.core.R2dbcEntityTemplate;
import org.springframework.data.relational.core.mapping.RelationalPersistentEntity;
import org.springframework.data.relational.core.mapping.RelationalPersistentProperty;
import org.springframework.data.relational.core.query.Criteria;
import org.springframework.data.relational.core.query.Query;
import org.springframework.data.relational.core.query.Update;
import org.springframework.data.relational.core.sql.SqlIdentifier;
import org.springframework.r2dbc.core.Parameter;

/**
 * Writes the pending changes of a session's {@link UnitOfWork} in its transaction, with
 * the bind's entity template: an INSERT or DELETE per entity added or deleted, an UPDATE of
 * the changed columns per dirty entity (checked against its version, when it has one).
 * One per bind, shared by its sessions.
 */
final class SessionFlush {

	private final String key;

	private final boolean readOnly;

	private final R2dbcEntityTemplate template;

	private final SessionFailures failures;

	SessionFlush(String key, boolean readOnly, R2dbcEntityTemplate template, SessionFailures failures) {
		this.key = key;
		this.readOnly = readOnly;
		this.template = template;
		this.failures = failures;
	}

	/**
	 * Write the pending changes of a unit of work in the given transaction. The changes are
	 * taken from the unit of work first: a flush that stops half-way (fails or is cancelled)
	 * leaves the transaction only fit for a rollback, or a later commit would write half of
	 * them.
	 * @param guard the lock of the session, held by the caller
	 * @param tx the session's transaction
	 * @param unitOfWork the session's unit of work
	 * @return completes once every change is written
	 */
	Mono<Void> flush(Guard guard, SessionTransaction tx, UnitOfWork unitOfWork) {
		return Mono.defer(() -> {
			if (tx.failed()) {
				return Mono.error(this.failures.pendingRollback());
			}
			if (this.readOnly && unitOfWork.hasChanges()) {
				return Mono.error(new ReadOnlySessionException(this.key, "flush pending changes"));
			}
			List<Change> changes = unitOfWork.takeChanges();
			if (changes.isEmpty()) {
				return Mono.empty();
			}
			tx.statementRuns(SessionTransaction.WRITES);
			// One change (the usual flush of a request) is written without assembling a Flux.
			Mono<Void> writes = (changes.size() == 1)
					? Mono.defer(() -> writeInScope(guard, changes.get(0), tx, unitOfWork))
					: Flux.fromIterable(changes).concatMap((change) -> writeInScope(guard, change, tx, unitOfWork)).then();
			return writes.doOnError((ex) -> tx.markFailed()).doOnCancel(tx::markFailed);
		});
	}

	private Mono<Void> writeInScope(Guard guard, Change change, SessionTransaction tx, UnitOfWork unitOfWork) {
		// Inserting or deleting an entity runs the template's entity callbacks.
		return guard.runToEnd(write(change, unitOfWork), tx.scope(), !(change instanceof Change.Update)).then();
	}

	private Mono<?> write(Change change, UnitOfWork unitOfWork) {
		if (change instanceof Change.Insert insert) {
			unitOfWork.inserting(insert.entity());
			return this.template.insert(insert.entity()).doOnNext(unitOfWork::inserted);
		}
		if (change instanceof Change.Delete delete) {
			return this.template.delete(delete.entity()).doOnSuccess((deleted) -> unitOfWork.deleted(delete.entity()));
		}
		return writeUpdate((Change.Update) change, unitOfWork);
	}

	private Mono<Long> writeUpdate(Change.Update change, UnitOfWork unitOfWork) {
		Object entity = change.entity();
		RelationalPersistentEntity<?> persistentEntity = unitOfWork.requiredEntity(entity.getClass());
		RelationalPersistentProperty idProperty = persistentEntity.getRequiredIdProperty();
		RelationalPersistentProperty versionProperty = persistentEntity.getVersionProperty();
		Criteria criteria = Criteria.where(idProperty.getName()).is(change.id());
		Map<SqlIdentifier, Object> assignments = new LinkedHashMap<>(change.changed());
		Object nextVersion = null;
		if (versionProperty != null && change.version() != null) {
			criteria = criteria.and(versionProperty.getName()).is(change.version());
			nextVersion = nextVersion(versionProperty, change.version());
			assignments.put(versionProperty.getColumnName(), Parameter.from(nextVersion));
		}
		Object newVersion = nextVersion;
		return this.template.update(Query.query(criteria), Update.from(assignments), persistentEntity.getType())
			.doOnNext((rows) -> {
				if (rows == 0 && versionProperty != null) {
					throw new OptimisticLockingFailureException(
							"Session '%s' could not update %s#%s with version %s: the row was changed or deleted by another transaction"
								.formatted(this.key, persistentEntity.getType().getSimpleName(), change.id(),
										change.version()));
				}
				if (versionProperty != null && newVersion != null) {
					PersistentPropertyAccessor<Object> accessor = persistentEntity.getPropertyAccessor(entity);
					accessor.setProperty(versionProperty, newVersion);
				}
				unitOfWork.updated(entity);
			});
	}

	private Object nextVersion(RelationalPersistentProperty versionProperty, Object version) {
		ConversionService conversionService = this.template.getConverter().getConversionService();
		long next = ((Number) version).longValue() + 1;
		Object converted = conversionService.convert(next, versionProperty.getType());
		return (converted != null) ? converted : next;
	}

}
