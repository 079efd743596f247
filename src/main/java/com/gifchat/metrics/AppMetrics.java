package com.gifchat.metrics;

import com.gifchat.bus.Failure;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.micrometer.backends.BackendRegistries;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The product's own meters, beside the ones Vert.x keeps (HTTP, event bus, pools) in the same Prometheus registry,
 * scraped at {@code GET /metrics}. Every label has a bounded set of values (a failure's name, an operation): never a
 * room or a person.
 */
public final class AppMetrics {

    /** Where a client reached the product: the transport label of the refusal and bad-frame counters. */
    public static final String HTTP = "http";
    public static final String BRIDGE = "bridge";
    public static final String WS = "ws";
    public static final String ADMIN = "admin";

    private static final String PREFIX = "gifchat.";
    /** Counting must not depend on whether the launcher turned metrics on: without it, meters go here and nowhere. */
    private static final MeterRegistry UNPUBLISHED = new SimpleMeterRegistry();
    private static final Map<String, AtomicLong> GAUGES = new ConcurrentHashMap<>();
    /**
     * The counters made so far, by name and tags, with the registry they were made in: some are counted per message,
     * and building a meter's id and looking it up in the registry each time cost more than the count.
     */
    private static volatile Counters counters = new Counters(UNPUBLISHED);

    private record Counters(MeterRegistry registry, Map<List<String>, Counter> made) {
        private Counters(MeterRegistry registry) {
            this(registry, new ConcurrentHashMap<>());
        }
    }

    private AppMetrics() {
    }

    /** What the launcher and the tests give Vert.x: Micrometer with a Prometheus registry, JVM meters included. */
    public static MicrometerMetricsOptions options() {
        return new MicrometerMetricsOptions()
            .setEnabled(true)
            .setJvmMetricsEnabled(true)
            .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true).setPublishQuantiles(true));
    }

    /** Vert.x's Prometheus registry when metrics are on, else one nobody reads. */
    public static MeterRegistry registry() {
        MeterRegistry registry = BackendRegistries.getDefaultNow();
        return registry != null ? registry : UNPUBLISHED;
    }

    public static boolean published() {
        return BackendRegistries.getDefaultNow() != null;
    }

    public static void count(String name, String... tags) {
        MeterRegistry registry = registry();
        Counters current = counters;
        if (current.registry() != registry) {
            // Vert.x was started again with metrics (tests do): the meters of the old registry are not read any more
            current = new Counters(registry);
            counters = current;
        }
        List<String> key = new ArrayList<>(tags.length + 1);
        key.add(name);
        key.addAll(Arrays.asList(tags));
        current.made().computeIfAbsent(key, k -> Counter.builder(PREFIX + name).tags(tags).register(registry)).increment();
    }

    /**
     * A frame that is not the protocol, or that no client of ours sends, on one of the four transports. Counted with
     * nothing of the frame in it: a client cannot choose a label.
     */
    public static void badFrame(String transport) {
        count("bad.frames", "transport", transport);
    }

    /**
     * A request or a connection the product refused, by {@code reason}: a failure's name (RATE_LIMITED, ROOM_FULL…),
     * or, for what has no failure code, one of a few fixed words (TOO_MANY_BAD_FRAMES, TOO_SLOW, WRONG_TOKEN,
     * TOO_MANY_CONNECTIONS).
     */
    public static void refused(String transport, String reason) {
        count("refusals", "transport", transport, "reason", reason);
    }

    /** A refusal with a failure code; an INTERNAL failure is our fault, not a refusal, and is not counted. */
    public static void refused(String transport, Failure failure) {
        if (failure != Failure.INTERNAL) {
            refused(transport, failure.name());
        }
    }

    /** A timer with a few fixed buckets, so that a histogram costs a dozen series, not a hundred. */
    public static Timer timer(String name, String description, Duration[] buckets, String... tags) {
        return Timer.builder(PREFIX + name).description(description).tags(tags).serviceLevelObjectives(buckets).register(registry());
    }

    /**
     * The value behind a gauge of the whole deployment: one per name and process, whoever sets it (several app
     * instances share a JVM in tests, and a registry takes a gauge once).
     */
    public static AtomicLong gauge(String name, String description) {
        return GAUGES.computeIfAbsent(name, key -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder(PREFIX + key, value, AtomicLong::get).description(description).register(registry());
            return value;
        });
    }
}
