package com.gifchat.support;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static com.gifchat.support.TestApp.WAIT;
import static com.gifchat.support.TestApp.await;

/**
 * A WebSocket client written on a bare TCP socket, for what a well-behaved client library will not do: send any
 * header (an Origin, an offer of compression), send frames with any bits and any claimed length, never answer a
 * ping, and stop reading. Frames it receives wait in a queue for the test to take.
 */
public final class RawWebSocket implements AutoCloseable {

    public static final int TEXT = 0x1;
    /** The SockJS bridge's raw WebSocket sends its JSON in binary frames. */
    public static final int BINARY = 0x2;
    public static final int CLOSE = 0x8;
    public static final int PING = 0x9;
    private static final int RECEIVE_BUFFER_BYTES = 16 * 1024;
    /** The close code reported when the connection ended without a close frame (RFC 6455's 1006). */
    public static final int NO_CLOSE_FRAME = 1006;

    /** A frame from the server. */
    public record Frame(int opcode, Buffer payload) {
        public String text() {
            return payload.toString(StandardCharsets.UTF_8);
        }

        public int closeCode() {
            return payload.length() >= 2 ? payload.getUnsignedShort(0) : NO_CLOSE_FRAME;
        }
    }

    private final NetClient client;
    private final NetSocket socket;
    private final CompletableFuture<Integer> handshake = new CompletableFuture<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final LinkedBlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
    private final Map<String, String> responseHeaders = new LinkedHashMap<>();
    private Buffer pending = Buffer.buffer();
    private boolean upgraded;
    private Integer closeCode;

    private RawWebSocket(NetClient client, NetSocket socket) {
        this.client = client;
        this.socket = socket;
        socket.handler(this::received);
        socket.closeHandler(v -> {
            closed.complete(closeCode == null ? NO_CLOSE_FRAME : closeCode);
            handshake.complete(-1);
        });
    }

    /**
     * Opens a TCP connection and asks to upgrade {@code path}, with {@code headers} added to the handshake; returns
     * once the server answered, whether it agreed ({@link #status()} 101) or not.
     */
    public static RawWebSocket connect(Vertx vertx, int port, String path, Map<String, String> headers) {
        // a fixed, small receive buffer: the operating system would otherwise grow it to megabytes for a client that
        // stops reading, and hold for it what the server should see waiting
        NetClient client = vertx.createNetClient(new NetClientOptions().setReceiveBufferSize(RECEIVE_BUFFER_BYTES));
        NetSocket socket = await(client.connect(port, "127.0.0.1"));
        RawWebSocket ws = new RawWebSocket(client, socket);
        StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\n")
            .append("Host: 127.0.0.1:").append(port).append("\r\n")
            .append("Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n")
            .append("Sec-WebSocket-Key: ").append(Base64.getEncoder().encodeToString(randomBytes(16))).append("\r\n");
        headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
        await(socket.write(request.append("\r\n").toString()));
        ws.status();
        return ws;
    }

    /** The handshake's HTTP status: 101 when the server agreed to speak WebSocket. */
    public int status() {
        return waitFor(handshake, "the handshake's answer");
    }

    /** A header of the handshake's answer, or null. */
    public String header(String name) {
        return responseHeaders.get(name.toLowerCase(Locale.ROOT));
    }

    public void sendText(String text) {
        send(TEXT, true, false, Buffer.buffer(text));
    }

    /** Sends one masked frame, as a client must, with the given opcode and FIN and RSV1 ("compressed") bits. */
    public void send(int opcode, boolean fin, boolean rsv1, Buffer payload) {
        await(socket.write(header(opcode, fin, rsv1, payload.length()).appendBuffer(masked(payload))));
    }

    /** Sends a frame header claiming {@code length} payload bytes, and only the first {@code sent} of them. */
    public void sendTruncated(int opcode, long length, int sent) {
        await(socket.write(header(opcode, true, false, length).appendBuffer(masked(Buffer.buffer(new byte[sent])))));
    }

    /** Stops reading: what the server sends piles up in the network buffers, then in the server. */
    public void pauseReading() {
        socket.pause();
    }

    /** Reads again: what waited in the network buffers arrives, and then the end, if the server ended it. */
    public void resumeReading() {
        socket.resume();
    }

    /** The next frame from the server that matches, within {@link TestApp#WAIT}. */
    public Frame next(Predicate<Frame> wanted) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                Frame frame = left <= 0 ? null : frames.poll(left, TimeUnit.NANOSECONDS);
                if (frame == null) {
                    throw new AssertionError("no matching frame within " + WAIT);
                }
                if (wanted.test(frame)) {
                    return frame;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The next JSON frame (text or binary) whose {@code field} is {@code value}. */
    public JsonObject nextJson(String field, String value) {
        return new JsonObject(next(frame -> (frame.opcode() == TEXT || frame.opcode() == BINARY)
            && value.equals(new JsonObject(frame.text()).getValue(field))).text());
    }

    /**
     * Waits until the server closes the connection (sends a close frame, or ends the TCP connection without one);
     * the code of its close frame, or 1006 if it sent none.
     */
    public int awaitClosed() {
        return waitFor(closed, "the connection's end");
    }

    /** Whether the connection ended within {@code millis}. */
    public boolean closedWithin(long millis) {
        try {
            closed.get(millis, TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        if (!closed.isDone()) {
            socket.close();
        }
        await(client.close());
    }

    private void received(Buffer data) {
        pending.appendBuffer(data);
        if (!handshake.isDone()) {
            readHandshake();
        }
        if (!upgraded) {
            return;
        }
        while (readFrame()) {
            // each complete frame is queued
        }
    }

    private void readHandshake() {
        String text = pending.toString(StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            return;
        }
        String[] lines = text.substring(0, end).split("\r\n");
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            responseHeaders.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        // what follows a refusal is its body, not frames
        pending = status == 101 ? pending.getBuffer(end + 4, pending.length()) : Buffer.buffer();
        upgraded = status == 101;
        handshake.complete(status);
    }

    private boolean readFrame() {
        if (pending.length() < 2) {
            return false;
        }
        int opcode = pending.getUnsignedByte(0) & 0x0f;
        long length = pending.getUnsignedByte(1) & 0x7f;
        int at = 2;
        if (length == 126) {
            if (pending.length() < 4) {
                return false;
            }
            length = pending.getUnsignedShort(2);
            at = 4;
        } else if (length == 127) {
            if (pending.length() < 10) {
                return false;
            }
            length = pending.getLong(2);
            at = 10;
        }
        if (pending.length() < at + length) {
            return false;
        }
        Frame frame = new Frame(opcode, pending.getBuffer(at, at + (int) length));
        pending = pending.getBuffer(at + (int) length, pending.length());
        if (opcode == CLOSE && closeCode == null) {
            // the server has said it is closing; when the TCP connection follows is its own business
            closeCode = frame.closeCode();
            closed.complete(closeCode);
        }
        frames.add(frame);
        return true;
    }

    private static Buffer header(int opcode, boolean fin, boolean rsv1, long length) {
        Buffer header = Buffer.buffer().appendByte((byte) ((fin ? 0x80 : 0) | (rsv1 ? 0x40 : 0) | opcode));
        if (length < 126) {
            header.appendByte((byte) (0x80 | length));
        } else if (length <= 0xffff) {
            header.appendByte((byte) (0x80 | 126)).appendUnsignedShort((int) length);
        } else {
            header.appendByte((byte) (0x80 | 127)).appendLong(length);
        }
        return header;
    }

    /** The mask key followed by the payload masked with it. */
    private static Buffer masked(Buffer payload) {
        byte[] key = randomBytes(4);
        byte[] bytes = payload.getBytes();
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] ^= key[i % 4];
        }
        return Buffer.buffer(key).appendBytes(bytes);
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }

    private static <T> T waitFor(CompletableFuture<T> future, String what) {
        try {
            return future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("no " + what + " within " + WAIT, e);
        }
    }
}
