package com.gifchat.realtime;

import ch.qos.logback.classic.Level;
import com.gifchat.support.BridgeClient;
import com.gifchat.support.Garbage;
import com.gifchat.support.HttpSession;
import com.gifchat.support.LogCapture;
import com.gifchat.support.RawWebSocket;
import com.gifchat.support.Sockets;
import com.gifchat.support.TestApp;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Ten thousand malformed frames, half to the bridge and half to /ws, while two people chat: the chat goes on, every
 * message arrives, and nothing is logged per frame. The bad-frame limit is out of reach here, so the garbage keeps
 * coming on the same connections (closing them is shown elsewhere).
 */
class GarbageFuzzTest {

    private static final int FRAMES = 10_000;
    private static final int CONNECTIONS_PER_ENDPOINT = 2;
    private static final int CHAT_EVERY = 250;

    @RegisterExtension
    static final TestApp app = TestApp.forClass(new JsonObject().put("realtime.maxBadFrames", 1_000_000));
    @RegisterExtension
    final Sockets sockets = new Sockets(app);

    @Test
    void tenThousandMalformedFramesDisturbNeitherTheChatNorTheLog() {
        HttpSession alice = app.browser();
        HttpSession bob = app.browser();
        String room = alice.createRoom("Under fire");
        BridgeClient aliceSocket = sockets.inRoom(alice, room);
        BridgeClient bobSocket = sockets.inRoom(bob, room);
        List<BridgeClient> bridgeFuzzers = new ArrayList<>();
        List<RawWebSocket> wsFuzzers = new ArrayList<>();
        for (int i = 0; i < CONNECTIONS_PER_ENDPOINT; i++) {
            bridgeFuzzers.add(sockets.bridge());
            wsFuzzers.add(sockets.script(Map.of()));
        }
        Random random = new Random(20);
        List<String> said = new ArrayList<>();

        try (LogCapture log = new LogCapture("com.gifchat.realtime")) {
            for (int i = 0; i < FRAMES; i++) {
                String frame = Garbage.frame(random, room);
                if (i % 2 == 0) {
                    bridgeFuzzers.get(i / 2 % CONNECTIONS_PER_ENDPOINT).writeRaw(frame);
                } else {
                    wsFuzzers.get(i / 2 % CONNECTIONS_PER_ENDPOINT).sendText(frame);
                }
                if (i % CHAT_EVERY == 0) {
                    String text = "still here " + i;
                    said.add(text);
                    aliceSocket.write(new JsonObject().put("type", "send").put("address", "chat.send")
                        .put("body", new JsonObject().put("roomId", room).put("text", text)));
                }
            }

            for (String text : said) {
                bobSocket.nextOn("room." + room, body -> text.equals(body.getString("text")));
            }
            assertEquals("rec", bobSocket.request("chat.send", new JsonObject().put("roomId", room).put("text", "over")).getString("type"));
            for (BridgeClient fuzzer : bridgeFuzzers) {
                fuzzer.request("chat.send", new JsonObject().put("roomId", room).put("text", "x"));
            }
            for (RawWebSocket fuzzer : wsFuzzers) {
                fuzzer.sendText(new JsonObject().put("type", "join").put("room", room).encode());
                fuzzer.nextJson("type", "joined");
            }
            assertEquals(List.of(), log.warnings(), "no warning, no error, no stack trace");
            assertEquals(List.of(), log.lines("com.gifchat.realtime.BadFrames", Level.INFO), "summaries wait for the minute or the close");

            // a connection's summary is logged as it closes
            bridgeFuzzers.forEach(BridgeClient::close);
            wsFuzzers.forEach(RawWebSocket::close);
            List<String> summaries = log.awaitLines("com.gifchat.realtime.BadFrames", Level.INFO, 2 * CONNECTIONS_PER_ENDPOINT);
            assertEquals(2 * CONNECTIONS_PER_ENDPOINT, summaries.size(), "one line per connection: " + summaries);
            assertTrue(summaries.stream().allMatch(line -> !line.contains("\n") && line.length() < 500), summaries.toString());
        }
    }
}
