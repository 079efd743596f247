package com.gifchat.cluster;

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

    private LogFormat() {
    }

    static Optional<String> problem(Map<String, String> env) {
        String format = env.get(ENV);
        return format == null || FORMATS.contains(format) ? Optional.empty()
            : Optional.of(ENV + " must be \"text\" or \"json\", got \"" + format + "\"");
    }

    static void nameNode(String nodeId) {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logback) {
            logback.putProperty(NODE_PROPERTY, nodeId);
        }
    }
}
