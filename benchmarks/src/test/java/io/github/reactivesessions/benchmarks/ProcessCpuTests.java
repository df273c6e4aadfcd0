package io.github.reactivesessions.benchmarks;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProcessCpuTests {

	@Test
	void processesThatStartCountFromZeroAndThoseThatEndAreLeftOut() {
		long tick = ProcessCpu.nanosBetween(Map.of(), Map.of(1L, 1L));
		assertThat(tick).isPositive();
		assertThat(ProcessCpu.nanosBetween(Map.of(1L, 10L, 2L, 500L), Map.of(1L, 13L, 3L, 4L))).isEqualTo(7 * tick);
	}

	@Test
	void nothingReadIsUnknown() {
		assertThat(ProcessCpu.nanosBetween(Map.of(1L, 10L), Map.of())).isEqualTo(-1);
	}

	@Test
	void readsThisJvmByItsPidAndCommand() {
		long pid = ProcessHandle.current().pid();
		Map<Long, Long> byPid = ProcessCpu.ofPid(pid).read();
		if (byPid.isEmpty()) {
			// Not Linux: no /proc, so every reading is empty.
			assertThat(ProcessCpu.ofCommand("java").read()).isEmpty();
			return;
		}
		assertThat(byPid).containsOnlyKeys(pid);
		assertThat(ProcessCpu.ofCommand("java").read()).containsKey(pid);
		assertThat(ProcessCpu.ofPid(Long.MAX_VALUE).read()).isEmpty();
	}

}
