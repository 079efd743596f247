package com.gifchat.bench;

import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What scripts/bench.sh accepts, and what it says about what it does not. */
class BenchmarkOptionsTest {

    @Test
    void eachCellRunsOnceUnlessRoundsAreAskedFor() {
        assertEquals(1, Benchmark.Options.parse(new String[0]).rounds());
        assertEquals(3, Benchmark.Options.parse(new String[] {"--rounds", "3"}).rounds());
    }

    @Test
    void withoutOptionsEveryScenarioRunsOnTheDocumentedGrid() {
        Benchmark.Options options = Benchmark.Options.parse(new String[0]);

        assertEquals(Set.of("fanout", "write", "join", "idle", "start", "rooms", "attack", "typing"), options.scenarios());
        assertEquals(List.of(10, 100, 500, 1000), options.people());
        assertEquals(List.of(10, 100, 500), options.rates());
        assertEquals(List.of(5, 1000, 1000, 10, 200, 60), List.of(options.seconds(), options.storm(), options.idle(),
            options.starts(), options.rooms(), options.warmUpSeconds()));
        assertEquals("file", options.storage());
        assertEquals(3, options.nodes());
        assertNull(options.url());
    }

    @Test
    void theClusterRunsOnlyWhenNamedOnTheNodesAskedFor() {
        Benchmark.Options options = Benchmark.Options.parse(new String[] {"--scenarios", "rooms,cluster", "--nodes", "2"});

        assertTrue(options.runs("cluster"));
        assertTrue(options.runs("rooms"));
        assertEquals(2, options.nodes());
    }

    @Test
    void aClusterOfNoNodesIsRefusedWithTheReason() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
            () -> Benchmark.Options.parse(new String[] {"--nodes", "0"}));
        assertEquals("--nodes must be at least 1, not 0", refused.getMessage());
    }

    @Test
    void aListGivenReplacesItsDefault() {
        Benchmark.Options options = Benchmark.Options.parse(
            new String[] {"--scenarios", "fanout", "--people", "20, 40", "--seconds=7", "--url", "http://host:8080"});

        assertEquals(Set.of("fanout"), options.scenarios());
        assertEquals(List.of(20, 40), options.people());
        assertEquals(7, options.seconds());
        assertEquals("http://host:8080", options.url());
    }

    @Test
    void aMistypedOptionIsRefusedByName() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
            () -> Benchmark.Options.parse(new String[] {"--peple", "20"}));
        assertTrue(refused.getMessage().contains("'--peple'"), refused.getMessage());
    }

    @Test
    void noRoundsAtAllIsRefusedWithTheReason() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
            () -> Benchmark.Options.parse(new String[] {"--rounds", "0"}));
        assertEquals("--rounds must be at least 1, not 0", refused.getMessage());
    }

    @Test
    void oneAttackCanBeRunAfterTheQuietPhaseOnOneServer() {
        Benchmark.Options options = Benchmark.Options.parse(new String[] {"--attacks", "guesses", "--limits", "off"});

        assertEquals(EnumSet.of(UnderAttack.Attack.QUIET, UnderAttack.Attack.GUESSES), options.attacks());
        assertEquals(Set.of("off"), options.limits());
        assertEquals(EnumSet.allOf(UnderAttack.Attack.class), Benchmark.Options.parse(new String[0]).attacks());
    }

    @Test
    void anUnknownAttackIsRefusedWithTheKnownOnes() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
            () -> Benchmark.Options.parse(new String[] {"--attacks", "ddos"}));
        assertEquals("--attacks takes flood, bad-frames or guesses, not 'ddos'", refused.getMessage());
    }

    @Test
    void aCountThatIsNotAWholeNumberIsRefusedByName() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
            () -> Benchmark.Options.parse(new String[] {"--people", "10,many"}));
        assertEquals("--people takes whole numbers, not 'many'", refused.getMessage());
    }
}
