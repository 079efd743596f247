package com.gifchat.support;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * What the app logs while a test runs: every event that reaches logback's root, with some loggers turned up to INFO
 * for the test (the tests' logback configuration keeps gif-chat at WARN). Closing restores their levels.
 */
public final class LogCapture implements AutoCloseable {

    private static final long POLL_NANOS = 20_000_000;
    private static final String BLOCKED_THREAD_CHECKER = "io.vertx.core.impl.BlockedThreadChecker";

    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Map<Logger, Level> levels = new HashMap<>();

    public LogCapture(String... infoLoggers) {
        for (String name : infoLoggers) {
            Logger logger = (Logger) LoggerFactory.getLogger(name);
            levels.put(logger, logger.getLevel());
            logger.setLevel(Level.INFO);
        }
        appender.start();
        root.addAppender(appender);
    }

    /** The formatted messages logged so far by loggers whose name starts with {@code prefix}, at {@code level} or above. */
    public List<String> lines(String prefix, Level level) {
        List<String> lines = new ArrayList<>();
        synchronized (appender) {
            for (ILoggingEvent event : appender.list) {
                if (event.getLoggerName().startsWith(prefix) && event.getLevel().isGreaterOrEqual(level)) {
                    lines.add(event.getLoggerName() + " " + event.getLevel() + " " + event.getFormattedMessage()
                        + (event.getThrowableProxy() == null ? "" : " [with a stack trace]"));
                }
            }
        }
        return lines;
    }

    /** Waits until at least {@code count} such lines were logged, and returns them all. */
    public List<String> awaitLines(String prefix, Level level, int count) {
        long deadline = System.nanoTime() + TestApp.WAIT.toNanos();
        List<String> lines = lines(prefix, level);
        while (lines.size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("fewer than " + count + " lines from " + prefix + " within " + TestApp.WAIT + ": " + lines);
            }
            LockSupport.parkNanos(POLL_NANOS);
            lines = lines(prefix, level);
        }
        return lines;
    }

    /**
     * Every event at WARN or above, from any logger but Vert.x's blocked-thread checker: that one reports how busy
     * the machine is, not what the app did.
     */
    public List<String> warnings() {
        List<String> lines = lines("", Level.WARN);
        lines.removeIf(line -> line.startsWith(BLOCKED_THREAD_CHECKER));
        return lines;
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        appender.stop();
        levels.forEach(Logger::setLevel);
    }
}
