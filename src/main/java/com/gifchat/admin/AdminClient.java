package com.gifchat.admin;

import io.vertx.core.json.JsonObject;

import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A plain blocking client of the TCP admin bridge, for the command line: one request at a time, each frame a
 * 4-byte big-endian length and that many bytes of UTF-8 JSON (docs/ADMIN.md).
 */
final class AdminClient implements Closeable {

    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;
    private final String token;
    private int requests;

    /** Longer than the bridge's own default reply timeout (30 s), so a slow operation is answered TIMEOUT first. */
    static final int ANSWER_TIMEOUT_MS = 40_000;
    private static final int CONNECT_TIMEOUT_MS = 10_000;

    AdminClient(String host, int port, String token) throws IOException {
        this.socket = new Socket();
        socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MS);
        socket.setSoTimeout(ANSWER_TIMEOUT_MS);
        this.in = new DataInputStream(socket.getInputStream());
        this.out = new DataOutputStream(socket.getOutputStream());
        this.token = token;
    }

    /** Sends {@code body} to {@code address} and returns the reply frame: type "message" (body) or "err". */
    JsonObject request(String address, JsonObject body) throws IOException {
        String replyAddress = "cli-" + (++requests);
        write(new JsonObject()
            .put("type", "send")
            .put("address", address)
            .put("replyAddress", replyAddress)
            .put("headers", new JsonObject().put("token", token))
            .put("body", body));
        while (true) {
            JsonObject frame = read();
            if (replyAddress.equals(frame.getString("address")) || "err".equals(frame.getString("type"))) {
                return frame;
            }
        }
    }

    private void write(JsonObject frame) throws IOException {
        byte[] payload = frame.encode().getBytes(StandardCharsets.UTF_8);
        out.writeInt(payload.length);
        out.write(payload);
        out.flush();
    }

    private JsonObject read() throws IOException {
        int length = in.readInt();
        if (length < 0) {
            throw new IOException("the bridge sent a frame of " + Integer.toUnsignedLong(length) + " bytes");
        }
        byte[] payload = new byte[length];
        in.readFully(payload);
        return new JsonObject(new String(payload, StandardCharsets.UTF_8));
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
