package io.github.reactivesessions.sample.accounts;

import io.github.reactivesessions.bind.Binds;
import io.github.reactivesessions.session.BeginOptions;
import io.github.reactivesessions.session.ReactiveSession;
import io.github.reactivesessions.session.TransactionRetry;
import reactor.core.publisher.Mono;

import org.springframework.data.r2dbc.core.R2dbcEntityTemplate;
import org.springframework.data.relational.core.sql.SqlIdentifier;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Transfers between accounts of the filter's session ({@code sa_main}). A transfer updates
 * the account it takes from first, so two transfers in opposite directions lock the same
 * rows in opposite order and the database ends one of them with a deadlock: its
 * {@code begin} block runs again, up to five times in all, and the client sees a 200.
 */
@RestController
@RequestMapping("/accounts")
class AccountsController {

	private static final BeginOptions RETRYING = BeginOptions.defaults().retry(TransactionRetry.attempts(5));

	private final String addToBalance;

	AccountsController(Binds binds) {
		// Spring Data Relational quotes the names of the tables it maps (and create-all
		// creates): the statement names the table as the mapping does, in the database's
		// quotes.
		R2dbcEntityTemplate template = binds.sessionFactory().entityTemplate();
		SqlIdentifier table = template.getConverter()
			.getMappingContext()
			.getRequiredPersistentEntity(Account.class)
			.getTableName();
		this.addToBalance = "UPDATE " + template.getDataAccessStrategy().toSql(table)
				+ " SET balance = balance + :amount WHERE id = :id";
	}

	@PostMapping
	Mono<ResponseEntity<Account>> open(ReactiveSession session, @RequestParam long id, @RequestParam long balance) {
		Account account = session.add(new Account(id, balance));
		return session.commit().thenReturn(ResponseEntity.status(HttpStatus.CREATED).body(account));
	}

	@GetMapping("/{id}")
	Mono<Account> get(ReactiveSession session, @PathVariable long id) {
		return session.get(Account.class, id)
			.switchIfEmpty(Mono.error(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No account " + id)));
	}

	@PostMapping("/transfer")
	Mono<Transfer> transfer(ReactiveSession session, @RequestParam long from, @RequestParam long to,
			@RequestParam long amount) {
		if (amount <= 0 || from == to) {
			return Mono.error(new ResponseStatusException(HttpStatus.BAD_REQUEST,
					"A transfer moves a positive amount between two accounts"));
		}
		// The work runs again from its first statement after a deadlock: nothing in it may
		// act outside the database.
		return session.begin(RETRYING, (s) -> add(s, from, -amount).then(add(s, to, amount)))
			.thenReturn(new Transfer(from, to, amount));
	}

	private Mono<Void> add(ReactiveSession session, long id, long amount) {
		return session.sql(this.addToBalance)
			.bind("amount", amount)
			.bind("id", id)
			.fetch()
			.rowsUpdated()
			.flatMap((rows) -> (rows == 0)
					? Mono.error(new ResponseStatusException(HttpStatus.NOT_FOUND, "No account " + id)) : Mono.empty());
	}

	/**
	 * A transfer that was committed.
	 * @param from the account debited
	 * @param to the account credited
	 * @param amount the amount moved
	 */
	record Transfer(long from, long to, long amount) {
	}

}
