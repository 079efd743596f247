package com.gifchat.admin;

import ch.qos.logback.classic.Level;
import com.gifchat.support.AdminSocket;
import com.gifchat.support.BridgeClient;
import com.gifchat.support.Garbage;
import com.gifchat.support.HttpSession;
import com.gifchat.support.LogCapture;
import com.gifchat.support.TestApp;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ten thousand malformed frames at the TCP admin bridge, some with lengths it refuses (it then closes, and the next
 * connection goes on), while two people chat: every message arrives once and in order, the bridge still answers a
 * good frame, and the log gets a few lines, not one per frame.
 */
class AdminFuzzTest {

    private static final int FRAMES = 10_000;
    private static final int CHAT_EVERY = 500;
    private static final int MOST_LOG_LINES = 40;
    private static final String TOKEN = "fuzz-admin-token";
    private static final int ADMIN_PORT = TestApp.freePort();

    @RegisterExtension
    static final TestApp app = TestApp.forClass(new JsonObject().put("admin.token", TOKEN).put("admin.port", ADMIN_PORT));

    @Test
    void tenThousandMalformedFramesDisturbNeitherTheChatNorTheLog() throws IOException {
        HttpSession alice = app.browser();
        HttpSession bob = app.browser();
        String room = alice.createRoom("Operators under fire");
        Random random = new Random(21);
        List<String> said = new ArrayList<>();
        int connections = 0;
        try (LogCapture log = new LogCapture("com.gifchat.admin");
             BridgeClient writer = app.bridge(); BridgeClient reader = app.bridge()) {
            writer.enter(room, alice.ticketFor(room));
            reader.enter(room, bob.ticketFor(room));
            int sent = 0;
            while (sent < FRAMES) {
                connections++;
                try (AdminSocket socket = new AdminSocket(ADMIN_PORT)) {
                    while (sent < FRAMES) {
                        sent++;
                        if (sent % CHAT_EVERY == 0) {
                            String text = "still here " + sent;
                            assertEquals("rec", writer.request("chat.send", new JsonObject().put("roomId", room).put("text", text)).getString("type"));
                            said.add(text);
                        }
                        if (random.nextInt(200) == 0) {
                            // a length the bridge refuses: it closes the connection and reads nothing after it
                            socket.out.writeInt(random.nextBoolean() ? 0 : Integer.MAX_VALUE);
                            socket.out.write(Garbage.frame(random, room).getBytes(StandardCharsets.UTF_8));
                            socket.out.flush();
                            break;
                        }
                        socket.sendText(Garbage.frame(random, room));
                    }
                } catch (IOException closedByServer) {
                    // the next connection goes on where this one ended
                }
            }

            for (String text : said) {
                reader.nextOn("room." + room, body -> text.equals(body.getString("text")));
            }
            try (AdminSocket socket = new AdminSocket(ADMIN_PORT)) {
                socket.send(new JsonObject().put("type", "send").put("address", "admin.stats").put("replyAddress", "after")
                    .put("headers", new JsonObject().put("token", TOKEN)).put("body", new JsonObject()));
                assertEquals("after", socket.read().getString("address"), "the bridge still answers");
            }
            List<String> lines = log.lines("com.gifchat.admin", Level.INFO);
            assertTrue(lines.size() <= MOST_LOG_LINES, lines.size() + " log lines for " + FRAMES + " frames on " + connections
                + " connections: " + lines.subList(0, Math.min(10, lines.size())));
            assertTrue(lines.stream().noneMatch(line -> line.contains("[with a stack trace]")), lines.toString());
        }
    }
}
