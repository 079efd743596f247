package com.gifchat.admin;

import com.gifchat.support.BridgeClient;
import com.gifchat.support.HttpSession;
import com.gifchat.support.TestApp;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** The TCP admin bridge, spoken by the Java command line, by scripts/admin.py, and by raw frames. */
class AdminBridgeTest {

    private static final String TOKEN = "admin-test-token";

    private static final int ADMIN_PORT = TestApp.freePort();

    @RegisterExtension
    static final TestApp app = TestApp.forClass(new JsonObject().put("admin.token", TOKEN).put("admin.port", ADMIN_PORT)
        .put("admin.maxFrameBytes", 64 * 1024));

    private record Result(int exit, String out, String err) {
    }

    private static Result cli(String... args) {
        return cliWithToken(TOKEN, args);
    }

    private static Result cliWithToken(String token, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = new AdminCli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
            Map.of("ADMIN_PORT", String.valueOf(ADMIN_PORT), "ADMIN_TOKEN", token)).run(args);
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Result python(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("python3", Path.of("scripts", "admin.py").toString(),
            "--port", String.valueOf(ADMIN_PORT), "--token", TOKEN));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        return new Result(process.exitValue(), out, err);
    }

    @Test
    void theJavaCommandLineRunsEveryOperation() {
        HttpSession alice = app.browser();
        String room = alice.createRoom("Administered");
        try (BridgeClient socket = app.bridge()) {
            socket.enter(room, alice.ticketFor(room));
            String message = socket.request("chat.send", new JsonObject().put("roomId", room).put("text", "x")).getJsonObject("body").getString("id");

            Result list = cli("rooms", "list");
            Result show = cli("rooms", "show", room);
            Result json = cli("--json", "rooms", "show", room);
            String person = new JsonObject(json.out()).getJsonArray("members").getJsonObject(0).getString("id");

            assertEquals(0, list.exit(), list.err());
            assertTrue(list.out().contains(room) && list.out().contains("Administered"), list.out());
            assertTrue(show.out().contains(alice.colour()), show.out());
            assertEquals(0, cli("announce", "--room", room, "hello", "everyone").exit());
            assertEquals("hello everyone", socket.nextOn("room." + room, body -> "announcement".equals(body.getString("event"))).getString("text"));
            assertEquals(0, cli("messages", "delete", room, message).exit());
            assertEquals(0, cli("messages", "purge", "--older-than", "3600", "--room", room).exit());
            assertEquals(0, cli("stats").exit());
            assertEquals(0, cli("kick", room, person, "--cooldown", "5").exit());
            assertEquals(com.gifchat.bus.Failure.REMOVED.code(), socket.nextError("room." + room).getInteger("failureCode"));
        }
        assertEquals(0, cli("rooms", "close", room).exit());
        Result gone = cli("rooms", "show", room);
        assertEquals(AdminCli.REFUSED, gone.exit());
        assertTrue(gone.err().contains("no such room"), gone.err());
    }

    @Test
    void theCommandLineExplainsItselfAndRefusesNonsense() {
        Result help = cli("--help");
        Result unknown = cli("rooms", "explode");
        Result missing = cli("rooms", "show");

        assertEquals(0, help.exit());
        assertTrue(help.out().contains("messages purge --older-than SECONDS"));
        assertEquals(AdminCli.USAGE, unknown.exit());
        assertTrue(unknown.err().contains("unknown command"));
        assertEquals(AdminCli.USAGE, missing.exit());
    }

    @Test
    void pythonWithOnlyItsStandardLibraryRunsTheOperations() throws Exception {
        HttpSession alice = app.browser();
        String room = alice.createRoom("From Python");

        Result list = python("rooms", "list");
        Result stats = python("--json", "stats");
        Result announce = python("announce", "--room", room, "hi", "from", "python");
        Result close = python("rooms", "close", room);
        Result again = python("rooms", "close", room);

        assertEquals(0, list.exit(), list.err());
        assertTrue(list.out().contains(room), list.out());
        assertTrue(new JsonObject(stats.out()).getInteger("nodes") >= 1);
        assertEquals(0, announce.exit(), announce.err());
        assertEquals(0, close.exit(), close.err());
        assertEquals(1, again.exit());
        assertTrue(again.err().contains("no such room"), again.err());
    }

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
        Result refused = cliWithToken("wrong", "stats");
        assertEquals(AdminCli.REFUSED, refused.exit());
        assertTrue(refused.err().contains("wrong or missing admin token"), refused.err());
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
        Result shown = cli("rooms", "show", room);
        assertEquals(0, shown.exit(), shown.err());
        assertTrue(shown.out().contains("Still here"), shown.out());
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
            raw.send(stats("s", new JsonObject().put("token", TOKEN)));
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
