package com.gifchat.cluster;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import com.gifchat.support.LogCapture;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogFormatTest {

    @Test
    void afterAFailedStartOnlyTheLaunchersLastLineIsLoggedWhateverOtherThreadsStillSay() {
        LoggerContext logback = (LoggerContext) LoggerFactory.getILoggerFactory();
        Map<Logger, Level> levels = new HashMap<>();
        logback.getLoggerList().forEach(logger -> levels.put(logger, logger.getLevel()));
        try (LogCapture capture = new LogCapture()) {
            LogFormat.muteAllBut(GifChatLauncher.class.getName());

            LoggerFactory.getLogger("io.netty.util.concurrent.DefaultPromise.rejectedExecution")
                .error("Failed to submit a listener notification task", new IllegalStateException("shut down"));
            LoggerFactory.getLogger("com.gifchat.store.StoreVerticle").error("a driver thread outlived the event loops");
            LoggerFactory.getLogger(GifChatLauncher.class).error("gif-chat cannot start: port 1 is already in use");

            List<String> errors = capture.lines("", Level.ERROR);
            assertEquals(1, errors.size(), errors.toString());
            assertTrue(errors.get(0).contains("port 1 is already in use"), errors.toString());
        } finally {
            levels.forEach(Logger::setLevel);
        }
    }
}
