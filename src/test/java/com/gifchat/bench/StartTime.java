package com.gifchat.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.ext.web.client.WebClient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Scenario (e): from launching scripts/run.sh (JVM included) to the first 200 on GET /, on the embedded default with
 * a fresh data folder each time, as a newcomer would see it. The first start after a build writes the class-data
 * archive that the later ones read, so it is reported on its own.
 */
final class StartTime {

    static final String HEADER = """
        | starts | first after a build s | then fastest s | median s | slowest s |
        |---|---|---|---|---|""";

    private static final long POLL_MS = 10;
    private static final long TIMEOUT_SECONDS = 60;
    private static final Path CLASS_DATA_ARCHIVE = Path.of("target", "gif-chat.jsa");

    private final Crowd crowd;

    StartTime(Crowd crowd) {
        this.crowd = crowd;
    }

    String row(int starts) throws Exception {
        Files.deleteIfExists(CLASS_DATA_ARCHIVE);
        double first = start();
        List<Double> seconds = new ArrayList<>();
        for (int i = 1; i < starts; i++) {
            seconds.add(start());
        }
        Collections.sort(seconds);
        return String.format(Locale.ROOT, "| %d | %.2f | %.2f | %.2f | %.2f |", starts, first,
            seconds.get(0), seconds.get(seconds.size() / 2), seconds.get(seconds.size() - 1));
    }

    /** One start, in seconds; the server is then stopped with SIGTERM, which is when the JVM writes its archive. */
    private double start() throws Exception {
        long launched = System.nanoTime();
        try (Server server = Server.runScript(Map.of())) {
            firstPage(crowd.page(server)).await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return (System.nanoTime() - launched) / 1e9;
        }
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
