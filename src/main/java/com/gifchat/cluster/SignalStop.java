package com.gifchat.cluster;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * SIGTERM and SIGINT start an orderly stop instead of the JVM's: the stop runs to its end on the signal's own thread
 * (no event loop waits), and the process then exits with the code it chose, 0 for a stop that went as planned. A
 * second signal while stopping changes nothing; SIGKILL remains for a stop that hangs.
 *
 * <p>Only {@code sun.misc.Signal} (module jdk.unsupported, exported for this use) lets a program replace the JVM's
 * handling of a signal. It is reached by reflection because javac warns on every direct use of it, and the build
 * treats warnings as errors.
 */
final class SignalStop {

    private static final List<String> SIGNALS = List.of("TERM", "INT");

    private SignalStop() {
    }

    static void install(Runnable stop) {
        AtomicBoolean stopping = new AtomicBoolean();
        try {
            Class<?> signal = Class.forName("sun.misc.Signal");
            Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
            Object handler = Proxy.newProxyInstance(SignalStop.class.getClassLoader(), new Class<?>[]{handlerType},
                (proxy, method, args) -> {
                    if ("handle".equals(method.getName()) && stopping.compareAndSet(false, true)) {
                        stop.run();
                    }
                    return null;
                });
            Method handle = signal.getMethod("handle", signal, handlerType);
            for (String name : SIGNALS) {
                handle.invoke(null, signal.getConstructor(String.class).newInstance(name), handler);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // without it, the JVM's own handling stays: shutdown hooks, exit code 143
            org.slf4j.LoggerFactory.getLogger(SignalStop.class)
                .warn("SIGTERM will stop the process without draining it ({}): stop it with the admin tools or restart it", e.toString());
        }
    }
}
