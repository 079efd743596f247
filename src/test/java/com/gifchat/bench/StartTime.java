package com.gifchat.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.ext.web.client.WebClient;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Scenario (e): from launching the process (JVM included) to the first 200 on GET /, on the embedded default with a
 * fresh data folder each time, as a newcomer would see it.
 */
final class StartTime {

    static final String HEADER = """
        | starts | fastest s | median s | slowest s |
        |---|---|---|---|""";

    private static final long POLL_MS = 10;
    private static final long TIMEOUT_SECONDS = 60;

    private final Crowd crowd;

    StartTime(Crowd crowd) {
        this.crowd = crowd;
    }

    String row(int starts) throws Exception {
        List<Double> seconds = new ArrayList<>();
        for (int i = 0; i < starts; i++) {
            long launched = System.nanoTime();
            try (Server server = Server.launchGifChat(Map.of())) {
                firstPage(crowd.page(server)).await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                seconds.add((System.nanoTime() - launched) / 1e9);
            }
        }
        Collections.sort(seconds);
        return String.format(Locale.ROOT, "| %d | %.2f | %.2f | %.2f |",
            starts, seconds.get(0), seconds.get(seconds.size() / 2), seconds.get(seconds.size() - 1));
    }

    /** Asks for / until it answers 200; refused connections just mean "not yet". */
    private Future<Void> firstPage(WebClient pages) {
        Promise<Void> ok = Promise.promise();
        ask(pages, ok);
        return ok.future();
    }

    private void ask(WebClient pages, Promise<Void> ok) {
        pages.get("/").send().onComplete(answer -> {
            if (answer.succeeded() && answer.result().statusCode() == 200) {
                ok.tryComplete();
            } else {
                crowd.vertx.setTimer(POLL_MS, id -> ask(pages, ok));
            }
        });
    }
}
