package com.gifchat.limits;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.*;

/** The settings' rate syntax: "N/period" rates separated by commas, or "off". */
class RatesTest {

    @Test
    void ratesAreReadWithTheirPeriods() {
        Rates rates = Rates.of("10/1m, 30/1h ,100/d");

        assertFalse(rates.off());
        assertEquals(3, rates.bandwidths().size());
        assertEquals(Duration.ofDays(1), rates.refillTime());
        assertEquals(Duration.ofSeconds(10), Rates.of("5/10s").refillTime());
    }

    @Test
    void offMeansNoLimit() {
        assertTrue(Rates.of("off").off());
        assertTrue(Rates.of(" OFF ").off());
    }

    @Test
    void anythingElseIsRefused() {
        for (String bad : new String[] {"", " ", "10", "10/", "10/1w", "0/1m", "10/0s", "10/8d", "-1/1m", "10/1m,", "ten/1m", "1.5/1m"}) {
            assertTrue(Rates.parse(bad).isEmpty(), bad);
        }
    }
}
