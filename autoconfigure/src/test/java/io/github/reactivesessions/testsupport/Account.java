package io.github.reactivesessions.testsupport;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/**
 * Test entity with an assigned id: an account whose balance transfers move.
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

	public static String ddl() {
		return "CREATE TABLE account (id BIGINT PRIMARY KEY, balance BIGINT NOT NULL)";
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

	@Override
	public String toString() {
		return "Account[" + this.id + ", " + this.balance + "]";
	}

}
