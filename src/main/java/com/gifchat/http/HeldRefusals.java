package com.gifchat.http;

import com.gifchat.config.Setting;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.Shareable;
import io.vertx.ext.web.RoutingContext;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Refused password guesses are answered after a pause (limits.guessRefusalPauseMs) instead of at once. A person who
 * meets the limit has to wait anyway; a script that guesses again as soon as it is answered is slowed to one guess
 * per pause per connection, instead of being refused as fast as the server can render a refusal, which took the CPU
 * that bystanders' chat needs. At most limits.heldRefusals answers wait at a time on a node (a held answer costs a
 * timer and its connection); beyond that they go at once, as before.
 */
final class HeldRefusals implements Shareable {

    private static final String SHARED_MAP = "gifchat.heldRefusals";

    private final Vertx vertx;
    private final long pauseMs;
    private final int most;
    private final AtomicInteger held = new AtomicInteger();

    HeldRefusals(Vertx vertx, long pauseMs, int most) {
        this.vertx = vertx;
        this.pauseMs = pauseMs;
        this.most = most;
    }

    /** This node's: every pages instance holds answers against the same bound. */
    static HeldRefusals forNode(Vertx vertx, JsonObject config) {
        return vertx.sharedData().<String, HeldRefusals>getLocalMap(SHARED_MAP).computeIfAbsent(
            config.getString(Setting.NODE_ID, ""), node -> new HeldRefusals(vertx,
                Setting.LIMITS_GUESS_REFUSAL_PAUSE_MS.intIn(config), Setting.LIMITS_HELD_REFUSALS.intIn(config)));
    }

    /** Answers {@code rc} after the pause, or now when the pause is off or enough answers already wait. */
    void answer(RoutingContext rc, Runnable answer) {
        answer(() -> rc.response().closed(), answer);
    }

    /** {@code answer} after the pause unless {@code gaveUp} by then, or now when the pause is off or enough wait. */
    void answer(BooleanSupplier gaveUp, Runnable answer) {
        if (pauseMs == 0 || held.incrementAndGet() > most) {
            if (pauseMs != 0) {
                held.decrementAndGet();
            }
            answer.run();
            return;
        }
        vertx.setTimer(pauseMs, timer -> {
            held.decrementAndGet();
            // whoever gave up meanwhile is not answered
            if (!gaveUp.getAsBoolean()) {
                answer.run();
            }
        });
    }
}
