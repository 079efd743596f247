package com.gifchat.store;

import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.ArrayList;
import java.util.List;

/**
 * The store commands this node began and has not answered yet, so that a stopping node (Drain) can wait until its
 * writes are done before the database connections close. Used on the store verticle's event loop only.
 */
final class InFlight {

    private int commands;
    private final List<Promise<Void>> waiting = new ArrayList<>();

    void begin() {
        commands++;
    }

    void end() {
        commands--;
        if (commands == 0) {
            waiting.forEach(Promise::tryComplete);
            waiting.clear();
        }
    }

    /** Completes once no command is in flight: at once when none is. */
    Future<Void> idle() {
        if (commands == 0) {
            return Future.succeededFuture();
        }
        Promise<Void> idle = Promise.promise();
        waiting.add(idle);
        return idle.future();
    }
}
