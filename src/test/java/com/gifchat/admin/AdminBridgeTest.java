package com.gifchat.admin;

import com.gifchat.support.AdminSocket;

import com.gifchat.support.HttpSession;
import com.gifchat.support.TestApp;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The TCP admin bridge spoken by hand: its frames, its refusals, and what it logs. */
class AdminBridgeTest {

    private static final String TOKEN = "admin-test-token";

    private static final int ADMIN_PORT = TestApp.freePort();

    @RegisterExtension
    static final TestApp app = TestApp.forClass(new JsonObject().put("admin.token", TOKEN).put("admin.port", ADMIN_PORT)
        .put("admin.maxFrameBytes", 64 * 1024));

    @Test
    void framesWithoutTheRightTokenAreRefusedInWordsAPersonUnderstands() throws IOException {
        try (AdminSocket raw = new AdminSocket(ADMIN_PORT)) {
            raw.send(new JsonObject().put("type", "send").put("address", "admin.stats").put("replyAddress", "r1").put("body", new JsonObject()));
            JsonObject missing = raw.read();
            raw.send(new JsonObject().put("type", "send").put("address", "admin.stats").put("replyAddress", "r2")
                .put("headers", new JsonObject().put("token", "guess")).put("body", new JsonObject()));
            JsonObject wrong = raw.read();

            assertEquals(new JsonObject().put("type", "err").put("address", "r1").put("message", "wrong or missing admin token"), missing);
            assertEquals(new JsonObject().put("type", "err").put("address", "r2").put("message", "wrong or missing admin token"), wrong);
        }
    }

    @Test
    void onlyAdminAddressesAreOpen() throws IOException {
        try (AdminSocket raw = new AdminSocket(ADMIN_PORT)) {
            raw.send(new JsonObject().put("type", "send").put("address", "store.rooms.list").put("replyAddress", "r1")
                .put("headers", new JsonObject().put("token", TOKEN)).put("body", new JsonObject()));
            JsonObject refused = raw.read();
            assertEquals("err", refused.getString("type"));
            assertEquals("access_denied", refused.getString("message"));
        }
    }

    @Test
    void aFrameDeclaredOverTheLimitClosesThatConnectionOnly() throws IOException {
        try (AdminSocket abuser = new AdminSocket(ADMIN_PORT); AdminSocket bystander = new AdminSocket(ADMIN_PORT)) {
            abuser.out.writeInt(512 * 1024 * 1024);
            abuser.out.flush();

            assertEquals("frame_too_large", abuser.read().getString("message"));
            assertTrue(abuser.closedByServer());
            bystander.send(new JsonObject().put("type", "ping"));
            assertEquals("pong", bystander.read().getString("type"));
        }
    }

    @Test
    void malformedFramesAreAnsweredAndTheConnectionKeepsWorking() throws IOException {
        try (AdminSocket raw = new AdminSocket(ADMIN_PORT)) {
            raw.sendBytes("{not json".getBytes(StandardCharsets.UTF_8));
            assertEquals("invalid_json", raw.read().getString("message"));
            raw.send(new JsonObject().put("type", "teleport").put("address", "admin.stats"));
            assertTrue(raw.read().getString("message").startsWith("unknown_type"));
            raw.send(new JsonObject().put("address", "admin.stats"));
            assertTrue(raw.read().getString("message").startsWith("unknown_type"));
            raw.send(new JsonObject().put("type", "publish").put("address", "admin.stats").put("headers", new JsonObject().put("token", TOKEN)));
            assertTrue(raw.read().getString("message").startsWith("access_denied: publish is not allowed here"));
            raw.send(new JsonObject().put("type", "register").put("address", "admin.stats"));
            assertTrue(raw.read().getString("message").startsWith("access_denied: register is not allowed here"));
            raw.send(new JsonObject().put("type", "send").put("replyAddress", "m"));
            assertEquals(new JsonObject().put("type", "err").put("address", "m").put("message", "missing_address"), raw.read());

            raw.send(new JsonObject().put("type", "send").put("address", "admin.stats").put("replyAddress", "ok")
                .put("headers", new JsonObject().put("token", TOKEN)).put("body", new JsonObject()));
            assertEquals("message", raw.read().getString("type"));
        }
    }
    private static JsonObject stats(String replyAddress, JsonObject headers) {
        return new JsonObject().put("type", "send").put("address", "admin.stats").put("replyAddress", replyAddress)
            .put("headers", headers).put("body", new JsonObject());
    }

    private static byte[] framed(JsonObject frame) {
        byte[] payload = frame.encode().getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(4 + payload.length).putInt(payload.length).put(payload).array();
    }

    @Test
    void aLengthOutOfBoundsFollowedByAValidFrameInTheSameWriteRunsNothing() throws IOException {
        HttpSession alice = app.browser();
        String room = alice.createRoom("Still here");
        byte[] close = framed(new JsonObject().put("type", "send").put("address", "admin.rooms.close").put("replyAddress", "r")
            .put("headers", new JsonObject().put("token", TOKEN)).put("body", new JsonObject().put("roomId", room)));

        for (int length : new int[]{64 * 1024 + 1, 0}) {
            try (AdminSocket attacker = new AdminSocket(ADMIN_PORT)) {
                attacker.out.write(ByteBuffer.allocate(4 + close.length).putInt(length).put(close).array());
                attacker.out.flush();

                assertEquals(new JsonObject().put("type", "err").put("message", "frame_too_large"), attacker.read());
                assertTrue(attacker.closedByServer());
            }
        }
        // the room is still there: had the close run, it would be gone before the bridge answered the later show
        try (AdminSocket admin = new AdminSocket(ADMIN_PORT)) {
            admin.send(new JsonObject().put("type", "send").put("address", "admin.rooms.show").put("replyAddress", "show")
                .put("headers", new JsonObject().put("token", TOKEN)).put("body", new JsonObject().put("roomId", room)));
            assertEquals("Still here", admin.read().getJsonObject("body").getJsonObject("room").getString("title"));
        }
    }

    @Test
    void anHttpRequestGetsOneErrorAndIsClosed() throws IOException {
        try (AdminSocket browser = new AdminSocket(ADMIN_PORT)) {
            browser.out.write(("GET / HTTP/1.1\r\nHost: 127.0.0.1:" + ADMIN_PORT + "\r\nUser-Agent: curl/8.5.0\r\nAccept: */*\r\n"
                + "Accept-Language: en\r\nConnection: keep-alive\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            browser.out.flush();

            assertEquals("frame_too_large", browser.read().getString("message"));
            assertTrue(browser.closedByServer(), "exactly one answer, then the end of the connection");
        }
    }

    @Test
    void everyBadHeaderValueIsAnsweredAndTheConnectionAnswersTheNextGoodFrame() throws IOException {
        List<String> badHeaders = List.of(
            "{\"timeout\":-1}", "{\"timeout\":0}", "{\"timeout\":\"abc\"}", "{\"timeout\":{}}",
            "{\"timeout\":9223372036854775808}", "{\"timeout\":9223372036854775807}", "{\"timeout\":1.5}",
            "{\"timeout\":60001}", "{\"timeout\":null}", "{\"localOnly\":\"yes\"}", "{\"codecName\":\"string\"}",
            "{\"x-trace\":5}", "{\"x-trace\":{\"a\":1}}", "{\"x-trace\":null}");
        try (AdminSocket raw = new AdminSocket(ADMIN_PORT)) {
            for (String headers : badHeaders) {
                String withToken = headers.replaceFirst("\\{", "{\"token\":\"" + TOKEN + "\",");
                raw.sendText("{\"type\":\"send\",\"address\":\"admin.stats\",\"replyAddress\":\"bad\",\"headers\":" + withToken + ",\"body\":{}}");
                JsonObject answer = raw.read();
                assertEquals("err", answer.getString("type"), headers);
                assertEquals("bad", answer.getString("address"), headers);
                assertTrue(answer.getString("message").startsWith("invalid_header: "), headers + " -> " + answer);

                raw.send(stats("good", new JsonObject().put("token", TOKEN).put("timeout", 5000)));
                JsonObject good = raw.read();
                assertEquals("message", good.getString("type"), headers + " -> " + good);
                assertEquals("good", good.getString("address"));
            }
            raw.sendText("{\"type\":\"send\",\"address\":\"admin.stats\",\"replyAddress\":\"r\",\"headers\":\"token\"}");
            assertTrue(raw.read().getString("message").startsWith("invalid_headers: "));
            raw.sendText("{\"type\":\"send\",\"address\":5,\"replyAddress\":\"r\"}");
            assertTrue(raw.read().getString("message").startsWith("invalid_address: "));
            raw.sendText("{\"type\":\"send\",\"address\":\"admin.stats\",\"replyAddress\":{}}");
            assertTrue(raw.read().getString("message").startsWith("invalid_reply_address: "));
            raw.send(stats("last", new JsonObject().put("token", TOKEN).put("localOnly", true).put("x-trace", "t1")));
            assertEquals("message", raw.read().getString("type"));
        }
    }

    @Test
    void everyOperationLeavesOneEscapedAuditLineSayingWhoWhatWhichRoomAndHow() throws IOException {
        String forged = "0000000000000000\n12:00:00.000 INFO  c.g.a.AdminVerticle - admin audit: x admin.rooms.close room 1 {} -> ok";
        try (LogCapture audit = new LogCapture(AdminVerticle.class, ch.qos.logback.classic.Level.INFO);
             AdminSocket raw = new AdminSocket(ADMIN_PORT)) {
            raw.send(new JsonObject().put("type", "send").put("address", "admin.rooms.close").put("replyAddress", "r")
                .put("headers", new JsonObject().put("token", TOKEN)).put("body", new JsonObject().put("roomId", forged)));
            assertEquals(4040, raw.read().getInteger("failureCode"));
            raw.send(stats("s", new JsonObject().put("token", TOKEN).put(FrameRules.CLIENT_HEADER, "10.9.9.9:1")));
            assertEquals("message", raw.read().getString("type"));

            List<String> lines = audit.linesContaining("admin audit:");
            assertEquals(2, lines.size(), lines.toString());
            String who = "127.0.0.1:" + raw.localPort();
            assertTrue(lines.get(0).startsWith("admin audit: " + who + " admin.rooms.close room 0000000000000000\\n12:00:00.000 INFO"),
                lines.get(0));
            assertTrue(lines.get(0).endsWith(" more) {} -> failed (4040): no such room"), lines.get(0));
            assertEquals("admin audit: " + who + " admin.stats room (all) {} -> ok", lines.get(1));
            assertTrue(lines.stream().noneMatch(line -> line.contains("\n") || line.contains(TOKEN)));
        }
    }
}
