package com.gifchat.cluster;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * LOG_FORMAT: text (default) or json, chosen in logback.xml by the appender it names. Checked before anything logs,
 * since an unknown name would leave logback with no appender, and the process silent.
 */
final class LogFormat {

    static final String ENV = "LOG_FORMAT";
    private static final List<String> FORMATS = List.of("text", "json");
    /** The logback context property that the JSON encoder writes on every line. */
    private static final String NODE_PROPERTY = "node";
    private static final String BLOCKED_THREAD_CHECKER = "io.vertx.core.impl.BlockedThreadChecker";

    private LogFormat() {
    }

    static Optional<String> problem(Map<String, String> env) {
        String format = env.get(ENV);
        return format == null || FORMATS.contains(format) ? Optional.empty()
            : Optional.of(ENV + " must be \"text\" or \"json\", got \"" + format + "\"");
    }

    /**
     * Turns every logger but {@code kept} off for the rest of the process: after a start that failed for a reason
     * already worth its one line, the teardown of verticles half way through their start (clients closed mid-command,
     * a database driver's monitor thread that outlives the event loops) only adds noise, until the process halts.
     */
    static void muteAllBut(String kept) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext logback)) {
            return;
        }
        logback.getLoggerList().stream().filter(logger -> logger.getLevel() != null)
            .forEach(logger -> logger.setLevel(Level.OFF));
        logback.getLogger(kept).setLevel(Level.INFO);
    }

    /**
     * While the verticles start, their event loops load and initialise most of the app's classes (templates, the
     * SockJS bridge, meters): on a busy machine that takes longer than Vert.x's blocked-thread checker allows, and its
     * warning then names nothing an operator could change. It is quiet until the start is over (the returned action),
     * and warns as always afterwards.
     */
    static Runnable quietWhileStarting() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext logback)) {
            return () -> { };
        }
        ch.qos.logback.classic.Logger checker = logback.getLogger(BLOCKED_THREAD_CHECKER);
        Level level = checker.getLevel();
        checker.setLevel(Level.ERROR);
        return () -> checker.setLevel(level);
    }

    static void nameNode(String nodeId) {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logback) {
            logback.putProperty(NODE_PROPERTY, nodeId);
        }
    }
}
