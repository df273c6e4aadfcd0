package io.github.reactivesessions.benchmarks;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LedgerTests {

	private static final long START = Ledger.START_BALANCE;

	@Test
	void transfersThatLandedOnceLeaveNoProblem() {
		// 1 -> 2: 30, 2 -> 3: 10, 3 -> 1: 5
		Ledger ledger = new Ledger(Map.of(1L, START - 25, 2L, START + 20, 3L, START + 5),
				Map.of(1L, 5L, 2L, 30L, 3L, 10L), Map.of(1L, 30L, 2L, 10L, 3L, 5L), 3, 3);
		assertThat(ledger.problems(3, 3)).isEmpty();
	}

	@Test
	void halfATransferShowsInTheSumAndTheAccount() {
		// 1 -> 2: 30 logged, but only taken from 1
		Ledger ledger = new Ledger(Map.of(1L, START - 30, 2L, START), Map.of(2L, 30L), Map.of(1L, 30L), 1, 1);
		assertThat(ledger.problems(2, 1)).containsExactly("the balances add up to 1999970 instead of 2000000",
				"account 2 holds 1000000, its start plus the logged transfers say 1000030");
	}

	@Test
	void aTransferCommittedTwiceShowsAsDoubled() {
		Ledger ledger = new Ledger(Map.of(1L, START - 60, 2L, START + 60), Map.of(2L, 60L), Map.of(1L, 60L), 2, 1);
		assertThat(ledger.problems(2, 1)).containsExactly("2 transfers logged for 1 requests: 1 doubled");
	}

	@Test
	void anAnswerWithoutItsTransferShowsAsLost() {
		Ledger ledger = new Ledger(Map.of(1L, START - 30, 2L, START + 30), Map.of(2L, 30L), Map.of(1L, 30L), 1, 1);
		assertThat(ledger.problems(2, 2)).containsExactly("1 requests logged, 2 answered 2xx");
	}

}
