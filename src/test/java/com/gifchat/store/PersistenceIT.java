package com.gifchat.store;

import com.gifchat.support.AppProcess;
import com.gifchat.support.BridgeClient;
import com.gifchat.support.HttpSession;
import com.gifchat.support.TestApp;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The embedded default, as a real process with its H2 file: what was acknowledged survives kill -9, and a clean stop
 * closes the store. The app runs from an empty working directory, so it must find its packaged config, templates
 * and webroot on its own.
 */
@ExtendWith(VertxExtension.class)
class PersistenceIT {

    private static final int MESSAGES = 50;

    private static Map<String, String> environment(Path dataDir, int httpPort, int realtimePort) {
        return Map.of(
            "HTTP_PORT", String.valueOf(httpPort),
            "REALTIME_PORT", String.valueOf(realtimePort),
            "DATA_DIR", dataDir.toString(),
            "GIFCHAT_SECRET", "persistence-test");
    }

    private static HttpSession browser(Vertx vertx, int port) {
        return new HttpSession(vertx, port);
    }

    @Test
    void acknowledgedMessagesSurviveKillMinus9(Vertx vertx, @TempDir Path workDir) {
        Path dataDir = workDir.resolve("data");
        int httpPort = TestApp.freePort();
        int realtimePort = TestApp.freePort();
        String room;
        try (AppProcess app = AppProcess.start(workDir, environment(dataDir, httpPort, realtimePort))) {
            HttpSession owner = browser(vertx, httpPort);
            room = owner.createRoom("Durable");
            try (BridgeClient socket = BridgeClient.connect(vertx, realtimePort)) {
                socket.enter(room, owner.ticketFor(room));
                for (int i = 1; i <= MESSAGES; i++) {
                    JsonObject ack = socket.request("chat.send", new JsonObject().put("roomId", room).put("text", "kept " + i));
                    assertEquals("rec", ack.getString("type"), ack.encode());
                }
                app.kill();
            }
        }

        try (AppProcess restarted = AppProcess.start(workDir, environment(dataDir, httpPort, realtimePort))) {
            JsonArray history = browser(vertx, httpPort)
                .get("/api/rooms/" + room + "/messages?limit=" + MESSAGES).bodyAsJsonObject().getJsonArray("messages");

            assertEquals(MESSAGES, history.size(), restarted.output().toString());
            assertEquals("kept " + MESSAGES, history.getJsonObject(MESSAGES - 1).getString("text"));
        }
    }

    @Test
    @SuppressWarnings("try") // the restarted process is only needed while its block asks it
    void aCleanStopClosesTheStoreAndARestartKeepsRoomsAndHistory(Vertx vertx, @TempDir Path workDir) {
        Path dataDir = workDir.resolve("data");
        int httpPort = TestApp.freePort();
        int realtimePort = TestApp.freePort();
        String room;
        AppProcess app = AppProcess.start(workDir, environment(dataDir, httpPort, realtimePort));
        HttpSession owner = browser(vertx, httpPort);
        room = owner.createRoom("Kept <across> restarts");
        try (BridgeClient socket = BridgeClient.connect(vertx, realtimePort)) {
            socket.enter(room, owner.ticketFor(room));
            socket.request("chat.send", new JsonObject().put("roomId", room).put("text", "see you later"));
        }

        app.terminate();

        assertTrue(app.output().stream().anyMatch(line -> line.contains("embedded MongoDB stopped")), app.output().toString());
        assertTrue(Files.exists(dataDir.resolve("gifchat.mv")));
        try (AppProcess restarted = AppProcess.start(workDir, environment(dataDir, httpPort, realtimePort))) {
            HttpSession visitor = browser(vertx, httpPort);
            assertTrue(visitor.get("/").bodyAsString().contains("Kept &lt;across&gt; restarts"));
            JsonArray history = visitor.get("/api/rooms/" + room + "/messages").bodyAsJsonObject().getJsonArray("messages");
            assertEquals("see you later", history.getJsonObject(0).getString("text"));
        }
    }
}
