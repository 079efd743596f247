package com.gifchat;

import com.gifchat.config.Setting;
import com.gifchat.support.AppProcess;
import com.gifchat.support.TestApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * The class-data archive is written by the build (scripts/class-data.sh, after the jar), not at a first stop: it is
 * there, newer than the jar, and the JVM maps it (-Xshare:on refuses to start otherwise); a stop then writes nothing.
 */
class ClassDataIT {

    private static final long QUICK_STOP_MS = 15_000;

    @Test
    void theBuildWritesAnArchiveThatTheJarStartsWithAndAStopDoesNotWriteIt(@TempDir Path dir) throws Exception {
        assumeFalse(Boolean.getBoolean("gifchat.classDataSkipped"), "packaged with -Dcds.skip");
        Path jar = Path.of(System.getProperty("gifchat.jar"));
        Path archive = jar.resolveSibling("gif-chat.jsa");
        assertTrue(Files.isRegularFile(archive), archive + " after the build");
        assertTrue(Files.getLastModifiedTime(archive).compareTo(Files.getLastModifiedTime(jar)) > 0, "written after the jar");
        long writtenAt = Files.getLastModifiedTime(archive).toMillis();

        Map<String, String> env = Map.of(Setting.HTTP_PORT.env(), String.valueOf(TestApp.freePort()),
            Setting.REALTIME_PORT.env(), String.valueOf(TestApp.freePort()), Setting.EMBEDDED_STORAGE.env(), Setting.STORAGE_MEMORY,
            Setting.DATA_DIR.env(), dir.resolve("data").toString());
        try (AppProcess app = AppProcess.launchJar(List.of("-Xshare:on", "-XX:SharedArchiveFile=" + archive), dir, env, AppProcess.READY)) {
            app.awaitReady();
            long stopping = System.currentTimeMillis();
            assertEquals(0, app.terminate(), String.join("\n", app.output()));
            long stopMs = System.currentTimeMillis() - stopping;

            assertTrue(stopMs < QUICK_STOP_MS, "stopped in " + stopMs + " ms");
        }
        assertEquals(writtenAt, Files.getLastModifiedTime(archive).toMillis(), "the stop left the archive as the build wrote it");
    }
}
