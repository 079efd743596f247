package com.gifchat.support;

import io.vertx.core.json.JsonObject;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;

/** A TCP admin bridge connection spoken by hand: each frame a 4-byte big-endian length, then JSON. */
public final class AdminSocket implements AutoCloseable {

    private final Socket socket;
    public final DataOutputStream out;
    private final DataInputStream in;

    public AdminSocket(int port) throws IOException {
        this(new Socket("127.0.0.1", port));
    }

    /**
     * From another loopback address (127.0.0.2 and up all reach this machine), so that a test has a client address
     * of its own for what the bridge counts per address.
     */
    public AdminSocket(int port, String fromAddress) throws IOException {
        this(new Socket(InetAddress.getByName("127.0.0.1"), port, InetAddress.getByName(fromAddress), 0));
    }

    private AdminSocket(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout((int) TestApp.WAIT.toMillis());
        out = new DataOutputStream(socket.getOutputStream());
        in = new DataInputStream(socket.getInputStream());
    }

    public void send(JsonObject frame) throws IOException {
        sendBytes(frame.encode().getBytes(StandardCharsets.UTF_8));
    }

    public void sendText(String json) throws IOException {
        sendBytes(json.getBytes(StandardCharsets.UTF_8));
    }

    public void sendBytes(byte[] payload) throws IOException {
        out.writeInt(payload.length);
        out.write(payload);
        out.flush();
    }

    public JsonObject read() throws IOException {
        byte[] payload = new byte[in.readInt()];
        in.readFully(payload);
        return new JsonObject(new String(payload, StandardCharsets.UTF_8));
    }

    public JsonObject ping() throws IOException {
        send(new JsonObject().put("type", "ping"));
        return read();
    }

    /** True once the server has closed the connection: the next read finds its end (or its reset), not a frame. */
    public boolean closedByServer() throws IOException {
        try {
            return in.read() == -1;
        } catch (EOFException | SocketException e) {
            return true;
        }
    }

    public int localPort() {
        return socket.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
