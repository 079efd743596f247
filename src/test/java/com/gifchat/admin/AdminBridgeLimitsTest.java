package com.gifchat.admin;

import com.gifchat.support.AdminSocket;

import ch.qos.logback.classic.Level;
import com.gifchat.support.TestApp;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The TCP admin bridge's defences against a client that holds connections, idles, trickles bytes or guesses the
 * token. Each test that counts per address speaks from a loopback address of its own.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdminBridgeLimitsTest {

    private static final String TOKEN = "admin-limits-token";
    private static final int ADMIN_PORT = TestApp.freePort();
    private static final int IDLE_MS = 1500;
    private static final int MAX_CONNECTIONS = 3;
    private static final int FIRST_DELAY_MS = 5;
    private static final int MAX_DELAY_MS = 80;

    @RegisterExtension
    static final TestApp app = TestApp.forClass(new JsonObject().put("admin.token", TOKEN).put("admin.port", ADMIN_PORT)
        .put("admin.idleTimeoutMs", IDLE_MS).put("admin.maxConnections", MAX_CONNECTIONS)
        .put("admin.tokenFailureDelayMs", FIRST_DELAY_MS).put("admin.tokenFailureMaxDelayMs", MAX_DELAY_MS));

    private static JsonObject wrongToken(String address, String replyAddress) {
        return new JsonObject().put("type", "send").put("address", address).put("replyAddress", replyAddress)
            .put("headers", new JsonObject().put("token", "not-" + TOKEN)).put("body", new JsonObject());
    }

    @Test
    void anIdleConnectionIsClosedWithAnError() throws IOException {
        try (AdminSocket idle = new AdminSocket(ADMIN_PORT)) {
            assertEquals("pong", idle.ping().getString("type"));
            long quietSince = System.nanoTime();

            JsonObject closing = idle.read();

            assertTrue((System.nanoTime() - quietSince) / 1_000_000 >= IDLE_MS - 100, "closed only after the idle timeout");
            assertEquals("idle_timeout: closed after " + IDLE_MS + " ms without a frame", closing.getString("message"));
            assertTrue(idle.closedByServer());
        }
    }

    @Test
    void bytesTrickledWithoutEverMakingAFrameDoNotKeepAConnectionOpen() throws IOException {
        try (AdminSocket slow = new AdminSocket(ADMIN_PORT)) {
            slow.out.writeInt(1000);
            slow.out.flush();
            long start = System.nanoTime();
            // one byte of the promised 1000 every 200 ms: never a whole frame
            ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
            trickle.scheduleAtFixedRate(() -> {
                try {
                    slow.out.write('x');
                    slow.out.flush();
                } catch (IOException closed) {
                    trickle.shutdown();
                }
            }, 200, 200, TimeUnit.MILLISECONDS);
            try {
                assertTrue(slow.read().getString("message").startsWith("idle_timeout"));
                assertTrue((System.nanoTime() - start) / 1_000_000 >= IDLE_MS - 100);
            } finally {
                trickle.shutdownNow();
            }
        }
    }

    @Test
    // last: the server sees its connections closed a moment after the test closed them, and the cap would still count them
    @Order(Integer.MAX_VALUE)
    void connectionsBeyondTheCapAreRefusedWithOneErrorUntilOneLeaves() throws IOException {
        List<AdminSocket> held = new ArrayList<>();
        try {
            // the earlier tests' connections may still be counted for a moment: each held one is one the server took
            for (int i = 0; i < MAX_CONNECTIONS; i++) {
                held.add(acceptedConnection());
            }
            try (AdminSocket extra = new AdminSocket(ADMIN_PORT)) {
                assertEquals("too_many_connections: the admin bridge takes at most " + MAX_CONNECTIONS
                    + " connections at once; try again later", extra.read().getString("message"));
                assertTrue(extra.closedByServer());
            }

            held.remove(0).close();

            acceptedConnection().close();
        } finally {
            for (AdminSocket socket : held) {
                socket.close();
            }
        }
    }

    /**
     * A connection the server took: it answered a ping. The server learns of a closed connection a moment after the
     * client closed it, so one refused at the cap meanwhile is closed and another tried, within {@link TestApp#WAIT}.
     */
    private static AdminSocket acceptedConnection() throws IOException {
        long deadline = System.nanoTime() + TestApp.WAIT.toNanos();
        while (true) {
            AdminSocket socket = new AdminSocket(ADMIN_PORT);
            try {
                socket.send(new JsonObject().put("type", "ping"));
                if ("pong".equals(socket.read().getString("type"))) {
                    return socket;
                }
                assertTrue(socket.closedByServer());
            } catch (java.net.SocketException refusedFirst) {
                // the server closed this one at the cap before the ping went out: still full
            }
            socket.close();
            assertTrue(System.nanoTime() < deadline, "no connection was taken within " + TestApp.WAIT);
        }
    }

    @Test
    void wrongTokensAreAnsweredAfterGrowingDelaysAndLoggedAsOneLine() throws IOException {
        TokenGate schedule = new TokenGate(TOKEN, FIRST_DELAY_MS, MAX_DELAY_MS);
        try (LogCapture log = new LogCapture(AdminBridgeVerticle.class, Level.WARN);
             AdminSocket guesser = new AdminSocket(ADMIN_PORT, "127.0.0.3")) {
            long waited = 0;
            for (int attempt = 1; attempt <= 50; attempt++) {
                long sent = System.nanoTime();
                guesser.send(wrongToken("admin.stats", "g" + attempt));
                JsonObject answer = guesser.read();
                long tookMs = (System.nanoTime() - sent) / 1_000_000;

                assertEquals("wrong or missing admin token", answer.getString("message"));
                assertEquals("g" + attempt, answer.getString("address"));
                assertTrue(tookMs >= schedule.delayAfter(attempt) - 1,
                    "attempt " + attempt + " was answered after " + tookMs + " ms, not after " + schedule.delayAfter(attempt));
                waited += tookMs;
            }
            assertTrue(waited >= 5 + 10 + 20 + 40 + 46 * 80 - 50, "50 guesses took " + waited + " ms");
            // the right token is still answered at once, and ends the streak
            guesser.send(new JsonObject().put("type", "send").put("address", "admin.stats").put("replyAddress", "ok")
                .put("headers", new JsonObject().put("token", TOKEN)).put("body", new JsonObject()));
            assertEquals("message", guesser.read().getString("type"));

            List<String> lines = log.linesContaining("127.0.0.3");
            // the first line at once; a count only if a minute ended meanwhile
            assertTrue(lines.size() >= 1 && lines.size() <= 2, lines.toString());
            assertTrue(lines.get(0).contains("a wrong or missing admin token from 127.0.0.3"), lines.get(0));
        }
    }

    @Test
    void anAddressForgedWithALineBreakIsEscapedInTheLog() throws IOException {
        String forged = "admin.stats\n23:59:59.999 INFO  c.g.a.AdminVerticle - admin audit: 10.0.0.1 admin.rooms.close room 1 {} -> ok";
        try (LogCapture log = new LogCapture(AdminBridgeVerticle.class, Level.WARN);
             AdminSocket forger = new AdminSocket(ADMIN_PORT, "127.0.0.4")) {
            forger.send(new JsonObject().put("type", "send").put("address", forged).put("replyAddress", "f").put("body", new JsonObject()));

            assertEquals("wrong or missing admin token", forger.read().getString("message"));
            List<String> lines = log.linesContaining("127.0.0.4");
            assertEquals(1, lines.size(), lines.toString());
            assertTrue(lines.get(0).contains("(a send to \"admin.stats\\n23:59:59.999 INFO"), lines.get(0));
            assertFalse(lines.get(0).contains("\n"));
        }
    }
}
