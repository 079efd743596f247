package com.gifchat.bench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** What scripts/bench.sh accepts, and what it says about what it does not. */
class BenchmarkOptionsTest {

    @Test
    void eachCellRunsOnceUnlessRoundsAreAskedFor() {
        assertEquals(1, Benchmark.Options.parse(new String[0]).rounds());
        assertEquals(3, Benchmark.Options.parse(new String[] {"--rounds", "3"}).rounds());
    }

    @Test
    void noRoundsAtAllIsRefusedWithTheReason() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
            () -> Benchmark.Options.parse(new String[] {"--rounds", "0"}));
        assertEquals("--rounds must be at least 1, not 0", refused.getMessage());
    }

    @Test
    void aCountThatIsNotAWholeNumberIsRefusedByName() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
            () -> Benchmark.Options.parse(new String[] {"--people", "10,many"}));
        assertEquals("--people takes whole numbers, not 'many'", refused.getMessage());
    }
}
