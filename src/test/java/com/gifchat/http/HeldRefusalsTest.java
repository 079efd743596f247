package com.gifchat.http;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Refused guesses wait out the pause, as many at a time as the bound allows; the rest are answered at once. */
@ExtendWith(VertxExtension.class)
class HeldRefusalsTest {

    private static final long LONG_PAUSE_MS = 60_000;

    @Test
    void beyondTheBoundAnswersGoAtOnce(Vertx vertx) {
        HeldRefusals refusals = new HeldRefusals(vertx, LONG_PAUSE_MS, 2);
        AtomicInteger answered = new AtomicInteger();

        for (int i = 0; i < 5; i++) {
            refusals.answer(() -> false, answered::incrementAndGet);
        }

        assertEquals(3, answered.get(), "two wait for the pause, the other three are answered now");
    }

    @Test
    void aHeldAnswerGoesAfterThePauseAndFreesItsPlace(Vertx vertx) throws Exception {
        HeldRefusals refusals = new HeldRefusals(vertx, 50, 1);
        Promise<Long> first = Promise.promise();
        long asked = System.nanoTime();

        refusals.answer(() -> false, () -> first.complete(System.nanoTime()));

        long answeredAt = first.future().await(10, TimeUnit.SECONDS);
        assertTrue(TimeUnit.NANOSECONDS.toMillis(answeredAt - asked) >= 50, "not before the pause");
        AtomicBoolean now = new AtomicBoolean();
        Promise<Void> second = Promise.promise();
        refusals.answer(() -> false, () -> {
            now.set(true);
            second.complete();
        });
        assertFalse(now.get(), "the place is free again, so the next one waits too");
        second.future().await(10, TimeUnit.SECONDS);
    }

    @Test
    void whoeverGaveUpIsNotAnsweredAndThePauseCanBeOff(Vertx vertx) throws Exception {
        HeldRefusals refusals = new HeldRefusals(vertx, 50, 10);
        AtomicBoolean gaveUpAnswered = new AtomicBoolean();
        Promise<Void> later = Promise.promise();

        refusals.answer(() -> true, () -> gaveUpAnswered.set(true));
        refusals.answer(() -> false, later::complete);

        later.future().await(10, TimeUnit.SECONDS);
        // timers of one pause fire in the order they were set: the first had its turn before the second
        assertFalse(gaveUpAnswered.get(), "a closed connection gets no answer");
        AtomicBoolean atOnce = new AtomicBoolean();
        new HeldRefusals(vertx, 0, 10).answer(() -> false, () -> atOnce.set(true));
        assertTrue(atOnce.get(), "with the pause off, a refusal is answered at once");
    }
}
