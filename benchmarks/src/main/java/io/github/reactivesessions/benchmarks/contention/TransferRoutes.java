package io.github.reactivesessions.benchmarks.contention;

import io.github.reactivesessions.session.BeginOptions;
import io.github.reactivesessions.session.ReactiveSession;
import io.github.reactivesessions.session.TransactionRetry;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Money transfers, each in one {@code begin} block on the request's session, at the
 * database's default isolation: take the amount from one account, add it to the other,
 * log the transfer. The accounts are updated in the order of the request, the source
 * first, as code that does not know about lock order writes it: two transfers between the
 * same accounts in opposite directions each hold the row the other one waits for, and the
 * database breaks the deadlock by failing one of them.
 *
 * <p>{@code POST /transfer/retry} runs the block again after such a failure
 * ({@link #RETRY}); {@code POST /transfer/once} runs it once
 * ({@link TransactionRetry#none()}), and its request fails with what the session reports.
 *
 * <p>{@code POST /transfer/serializable/retry} and {@code /once} transfer as code that
 * reads before it writes: both balances are read, then set to what was read minus and plus
 * the amount, at SERIALIZABLE, where the database must fail one of two transfers that read
 * a balance the other one writes (PostgreSQL: a serialization failure, SQLSTATE 40001). At
 * a weaker level the same code would lose updates, which the benchmark's ledger check
 * would see.
 */
@RestController
class TransferRoutes {

	/**
	 * The retry route's retry: 10 attempts, the default backoff (10ms, doubling, at most
	 * 1s, jitter of half).
	 */
	static final TransactionRetry RETRY = TransactionRetry.attempts(10);

	private static final BeginOptions RETRYING = BeginOptions.defaults().retry(RETRY);

	private static final BeginOptions ONCE = BeginOptions.defaults().retry(TransactionRetry.none());

	private static final BeginOptions SERIALIZABLE_RETRYING = RETRYING.isolation(Isolation.SERIALIZABLE);

	private static final BeginOptions SERIALIZABLE_ONCE = ONCE.isolation(Isolation.SERIALIZABLE);

	@PostMapping("/transfer/retry")
	Mono<Transfer> retry(ReactiveSession session, @RequestParam long from, @RequestParam long to,
			@RequestParam long amount, @RequestParam long request) {
		Transfer transfer = new Transfer(request, from, to, amount);
		return session.begin(RETRYING, (s) -> transfer(s, transfer));
	}

	@PostMapping("/transfer/once")
	Mono<Transfer> once(ReactiveSession session, @RequestParam long from, @RequestParam long to,
			@RequestParam long amount, @RequestParam long request) {
		Transfer transfer = new Transfer(request, from, to, amount);
		return session.begin(ONCE, (s) -> transfer(s, transfer));
	}

	@PostMapping("/transfer/serializable/retry")
	Mono<Transfer> serializableRetry(ReactiveSession session, @RequestParam long from, @RequestParam long to,
			@RequestParam long amount, @RequestParam long request) {
		Transfer transfer = new Transfer(request, from, to, amount);
		return session.begin(SERIALIZABLE_RETRYING, (s) -> readModifyWrite(s, transfer));
	}

	@PostMapping("/transfer/serializable/once")
	Mono<Transfer> serializableOnce(ReactiveSession session, @RequestParam long from, @RequestParam long to,
			@RequestParam long amount, @RequestParam long request) {
		Transfer transfer = new Transfer(request, from, to, amount);
		return session.begin(SERIALIZABLE_ONCE, (s) -> readModifyWrite(s, transfer));
	}

	private static Mono<Transfer> transfer(ReactiveSession session, Transfer transfer) {
		return update(session, "UPDATE account SET balance = balance - :amount WHERE id = :id", transfer.from(),
				transfer.amount())
			.then(update(session, "UPDATE account SET balance = balance + :amount WHERE id = :id", transfer.to(),
					transfer.amount()))
			.then(log(session, transfer));
	}

	private static Mono<Transfer> readModifyWrite(ReactiveSession session, Transfer transfer) {
		return balance(session, transfer.from())
			.zipWith(balance(session, transfer.to()))
			.flatMap((balances) -> update(session, "UPDATE account SET balance = :amount WHERE id = :id",
					transfer.from(), balances.getT1() - transfer.amount())
				.then(update(session, "UPDATE account SET balance = :amount WHERE id = :id", transfer.to(),
						balances.getT2() + transfer.amount())))
			.then(log(session, transfer));
	}

	private static Mono<Long> balance(ReactiveSession session, long id) {
		return session.sql("SELECT balance FROM account WHERE id = :id")
			.bind("id", id)
			.map((row) -> row.get(0, Long.class))
			.one()
			.switchIfEmpty(Mono.error(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No account " + id)));
	}

	private static Mono<Transfer> log(ReactiveSession session, Transfer transfer) {
		return session
			.sql("INSERT INTO transfer_log (request_id, from_id, to_id, amount) VALUES (:request, :from, :to, :amount)")
			.bind("request", transfer.request())
			.bind("from", transfer.from())
			.bind("to", transfer.to())
			.bind("amount", transfer.amount())
			.fetch()
			.rowsUpdated()
			.thenReturn(transfer);
	}

	/**
	 * Run an UPDATE of one account whose {@code :amount} is the given value.
	 */
	private static Mono<Void> update(ReactiveSession session, String sql, long id, long amount) {
		return session.sql(sql)
			.bind("amount", amount)
			.bind("id", id)
			.fetch()
			.rowsUpdated()
			.flatMap((rows) -> (rows == 1) ? Mono.<Void>empty()
					: Mono.error(new ResponseStatusException(HttpStatus.NOT_FOUND, "No account " + id)));
	}

	/**
	 * A transfer, as the route answers it.
	 *
	 * @param request the load generator's number of the request, logged so that a transfer
	 * committed twice shows
	 * @param from the account the amount leaves
	 * @param to the account it goes to
	 * @param amount the amount
	 */
	record Transfer(long request, long from, long to, long amount) {

	}

}
