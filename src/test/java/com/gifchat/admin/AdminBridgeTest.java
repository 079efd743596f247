package com.gifchat.admin;

import com.gifchat.support.BridgeClient;
import com.gifchat.support.HttpSession;
import com.gifchat.support.TestApp;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.PrintStream;
import java.net.Socket;
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
    void framesWithoutTheRightTokenAreRefused() throws IOException {
        try (Raw raw = new Raw()) {
            raw.send(new JsonObject().put("type", "send").put("address", "admin.stats").put("replyAddress", "r1").put("body", new JsonObject()));
            assertEquals("err", raw.read().getString("type"));
            raw.send(new JsonObject().put("type", "send").put("address", "admin.stats").put("replyAddress", "r2")
                .put("headers", new JsonObject().put("token", "guess")).put("body", new JsonObject()));
            assertEquals("err", raw.read().getString("type"));
        }
        assertEquals(AdminCli.REFUSED, cliWithToken("wrong", "stats").exit());
    }

    @Test
    void onlyAdminAddressesAreOpen() throws IOException {
        try (Raw raw = new Raw()) {
            raw.send(new JsonObject().put("type", "send").put("address", "store.rooms.list").put("replyAddress", "r1")
                .put("headers", new JsonObject().put("token", TOKEN)).put("body", new JsonObject()));
            JsonObject refused = raw.read();
            assertEquals("err", refused.getString("type"));
            assertEquals("access_denied", refused.getString("message"));
        }
    }

    @Test
    void aFrameDeclaredOverTheLimitClosesThatConnectionOnly() throws IOException {
        try (Raw abuser = new Raw(); Raw bystander = new Raw()) {
            abuser.out.writeInt(512 * 1024 * 1024);
            abuser.out.flush();

            assertEquals("frame_too_large", abuser.read().getString("message"));
            assertThrows(EOFException.class, abuser::read);
            bystander.send(new JsonObject().put("type", "ping"));
            assertEquals("pong", bystander.read().getString("type"));
        }
    }

    @Test
    void malformedFramesAreAnsweredAndTheConnectionKeepsWorking() throws IOException {
        try (Raw raw = new Raw()) {
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

    /** Frames by hand: a 4-byte big-endian length, then JSON. */
    private static final class Raw implements AutoCloseable {
        private final Socket socket;
        private final DataOutputStream out;
        private final DataInputStream in;

        Raw() throws IOException {
            socket = new Socket("127.0.0.1", ADMIN_PORT);
            socket.setSoTimeout((int) TestApp.WAIT.toMillis());
            out = new DataOutputStream(socket.getOutputStream());
            in = new DataInputStream(socket.getInputStream());
        }

        void send(JsonObject frame) throws IOException {
            sendBytes(frame.encode().getBytes(StandardCharsets.UTF_8));
        }

        void sendBytes(byte[] payload) throws IOException {
            out.writeInt(payload.length);
            out.write(payload);
            out.flush();
        }

        JsonObject read() throws IOException {
            byte[] payload = new byte[in.readInt()];
            in.readFully(payload);
            return new JsonObject(new String(payload, StandardCharsets.UTF_8));
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
