package io.github.reactivesessions.sample.accounts;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/**
 * An account, opened with an id of the client's choosing.
 */
@Table("account")
public class Account {

	@Id
	private long id;

	private long balance;

	public Account() {
	}

	public Account(long id, long balance) {
		this.id = id;
		this.balance = balance;
	}

	public long getId() {
		return this.id;
	}

	public void setId(long id) {
		this.id = id;
	}

	public long getBalance() {
		return this.balance;
	}

	public void setBalance(long balance) {
		this.balance = balance;
	}

}
