package com.gifchat.cluster;

import sun.misc.Signal;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * SIGTERM and SIGINT start an orderly stop instead of the JVM's: the stop runs to its end on the signal's own thread
 * (no event loop waits), and the process then exits with the code it chose, 0 for a stop that went as planned. A
 * second signal while stopping changes nothing; SIGKILL remains for a stop that hangs.
 */
final class SignalStop {

    private static final List<String> SIGNALS = List.of("TERM", "INT");

    private SignalStop() {
    }

    static void install(Runnable stop) {
        AtomicBoolean stopping = new AtomicBoolean();
        for (String name : SIGNALS) {
            Signal.handle(new Signal(name), signal -> {
                if (stopping.compareAndSet(false, true)) {
                    stop.run();
                }
            });
        }
    }
}
