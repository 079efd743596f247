package com.gifchat;

import com.gifchat.config.Setting;
import com.gifchat.support.AppProcess;
import com.gifchat.support.TestApp;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What an operator sees of a start, from the launcher the jar runs: a port in use ends it with one ERROR naming the
 * port and its setting; the ready line says what to open and what the chat runs on; LOG_FORMAT=json writes only JSON
 * lines, each with the node's id; --help lists every setting with its environment variable and default.
 */
class OperatorStartIT {

    @ParameterizedTest
    @EnumSource(value = Setting.class, names = {"HTTP_PORT", "REALTIME_PORT", "ADMIN_PORT"})
    void aPortInUseEndsTheStartWithOneErrorNamingThePortAndItsSetting(Setting busySetting, @TempDir Path dir) throws IOException {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            Map<String, String> env = environment(dir);
            env.put(busySetting.env(), String.valueOf(busy.getLocalPort()));
            try (AppProcess app = AppProcess.launchClasses(dir, env)) {
                int exitCode = app.awaitExit();
                List<String> output = app.output();
                String all = String.join("\n", output);

                assertNotEquals(0, exitCode, all);
                String last = output.get(output.size() - 1);
                assertTrue(last.contains("ERROR") && last.contains("port " + busy.getLocalPort() + " is already in use")
                    && last.contains(busySetting.key()) && last.contains(busySetting.env()), all);
                assertEquals(1, output.stream().filter(line -> line.contains("ERROR")).count(), all);
                assertFalse(all.contains("Exception") || all.contains("\tat "), "no stack trace: " + all);
                assertFalse(all.contains("could not take this node's people out"), all);
                assertFalse(all.contains(AppProcess.READY), all);
            }
        }
    }

    @Test
    void jsonLogsAreOneObjectPerLineWithTheNodeIdAndTheReadyLineSaysWhatToOpen(@TempDir Path dir) {
        Map<String, String> env = environment(dir);
        env.put("LOG_FORMAT", "json");
        env.put(Setting.HTTP_HOST.env(), "0.0.0.0");
        List<String> output;
        try (AppProcess app = AppProcess.launchClasses(dir, env)) {
            app.awaitReady();
            assertEquals(0, app.terminate() & ~0x80, "a stop on SIGTERM: " + app.output());
            output = app.output();
        }
        List<JsonObject> lines = output.stream().map(JsonObject::new).toList();
        String node = lines.get(0).getString("node");
        assertTrue(node != null && !node.isBlank(), output.get(0));
        lines.forEach(line -> {
            assertEquals(node, line.getString("node"), line.encode());
            assertTrue(line.containsKey("@timestamp") && line.containsKey("level"), line.encode());
        });
        String ready = lines.stream().map(line -> line.getString("message"))
            .filter(message -> message.startsWith(AppProcess.READY)).findFirst().orElseThrow();
        assertTrue(ready.contains("open http://localhost:" + env.get(Setting.HTTP_PORT.env()) + "/"), ready);
        assertTrue(ready.contains("embedded database in memory"), ready);
        assertTrue(lines.stream().noneMatch(line -> List.of("WARN", "ERROR").contains(line.getString("level"))),
            "a start and a stop log nothing that needs action: " + output);
    }

    @Test
    void helpListsEverySettingWithItsEnvironmentVariableAndDefault(@TempDir Path dir) {
        for (String help : List.of("--help", "help")) {
            try (AppProcess app = AppProcess.launchClasses(dir, Map.of(), help)) {
                assertEquals(0, app.awaitExit());
                String all = String.join("\n", app.output());
                assertTrue(all.contains("-cluster"), "the launcher's own options: " + all);
                for (Setting setting : Setting.values()) {
                    assertTrue(all.contains(setting.env()) && all.contains(setting.key() + " = "), setting + " in " + all);
                }
                assertTrue(all.contains("http.port = 8080"), all);
                assertTrue(all.contains("must be " + Setting.HTTP_PORT.expected()), all);
            }
        }
    }

    private static Map<String, String> environment(Path dir) {
        Map<String, String> env = new HashMap<>();
        env.put(Setting.HTTP_HOST.env(), "127.0.0.1");
        env.put(Setting.HTTP_PORT.env(), String.valueOf(TestApp.freePort()));
        env.put(Setting.REALTIME_PORT.env(), String.valueOf(TestApp.freePort()));
        env.put(Setting.ADMIN_PORT.env(), String.valueOf(TestApp.freePort()));
        env.put(Setting.ADMIN_TOKEN.env(), "operator-test-token");
        env.put(Setting.EMBEDDED_STORAGE.env(), Setting.STORAGE_MEMORY);
        env.put(Setting.DATA_DIR.env(), dir.resolve("data").toString());
        env.put(Setting.SECURITY_SECRET.env(), "test-secret");
        return env;
    }
}
