package com.gifchat.admin;

import ch.qos.logback.classic.Level;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.*;

/** How the admin bridge counts what clients do wrong: the token brake's schedule and the once-a-minute log lines. */
class AbuseAccountingTest {

    @Test
    void tokenDelaysDoubleUpToTheCapAndEndWithTheRightToken() {
        TokenGate gate = new TokenGate("secret", 100, 1000);

        List<Long> waits = IntStream.range(0, 7).mapToObj(i -> gate.failed("10.0.0.1", 1_000_000L * (i + 1))).toList();
        gate.succeeded("10.0.0.1");

        assertEquals(List.of(100L, 200L, 400L, 800L, 1000L, 1000L, 1000L), waits);
        assertEquals(100L, gate.failed("10.0.0.1", 9_000_000L), "a right token ends the streak");
        assertEquals(100L, gate.failed("10.0.0.2", 9_000_000L), "each address has its own streak");
        assertTrue(gate.accepts("secret"));
        assertFalse(gate.accepts("secret "));
        assertFalse(gate.accepts(null));
        assertFalse(gate.accepts(42));
    }

    @Test
    void answersToOneAddressComeOneAfterAnotherWhateverTheConnections() {
        TokenGate gate = new TokenGate("secret", 100, 1000);

        long first = gate.failed("10.0.0.1", 0);
        long second = gate.failed("10.0.0.1", 0);
        long third = gate.failed("10.0.0.1", 50);

        assertEquals(100, first);
        assertEquals(100 + 200, second);
        assertEquals(100 + 200 + 400 - 50, third);
    }

    @Test
    void aMinuteWithoutFailuresStartsAnAddressAfresh() {
        TokenGate gate = new TokenGate("secret", 100, 1000);
        gate.failed("10.0.0.1", 0);
        gate.failed("10.0.0.1", 1000);

        gate.sweep(60_000);
        assertEquals(400, gate.failed("10.0.0.1", 61_000), "failures in the last minute still count");
        gate.sweep(120_000);
        gate.sweep(180_000);

        assertEquals(100, gate.failed("10.0.0.1", 181_000));
    }

    @Test
    void theFirstEventOfAnAddressIsLoggedAtOnceAndTheRestAsOneCountAMinute() {
        RepeatedEvents events = new RepeatedEvents(LoggerFactory.getLogger(AbuseAccountingTest.class), org.slf4j.event.Level.WARN,
            "a bad thing", "bad things", "do something about it");
        try (LogCapture log = new LogCapture(AbuseAccountingTest.class, Level.WARN)) {
            for (int i = 0; i < 50; i++) {
                events.record("10.0.0.1", " (number " + i + ")");
            }
            events.record("10.0.0.2", "");
            assertEquals(List.of(
                "admin bridge: a bad thing from 10.0.0.1 (number 0); do something about it. Further ones from this address are counted and logged once a minute",
                "admin bridge: a bad thing from 10.0.0.2; do something about it. Further ones from this address are counted and logged once a minute"),
                log.lines());

            events.flush();
            events.flush();
            events.flush();
            events.record("10.0.0.1", " (again)");

            assertEquals(List.of("admin bridge: 49 more bad things from 10.0.0.1 in the last minute",
                "admin bridge: a bad thing from 10.0.0.1 (again); do something about it. Further ones from this address are counted and logged once a minute"),
                log.lines().subList(2, 4));
            assertEquals(4, log.lines().size());
        }
    }
}
