package com.gifchat.support;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static com.gifchat.support.TestApp.WAIT;
import static com.gifchat.support.TestApp.await;

/**
 * A bridge client speaking raw SockJS-bridge frames over the WebSocket transport at /eventbus/websocket, as a
 * browser's vertx-eventbus.js does underneath. Frames it receives wait in a queue for the test to take.
 */
public final class BridgeClient implements AutoCloseable {

    private static final long PING_EVERY_MS = 4000;

    private final Vertx vertx;
    // kept referenced: Vert.x 5 closes clients nothing refers to
    private final WebSocketClient client;
    private final WebSocket socket;
    private final LinkedBlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
    private final List<JsonObject> pending = new ArrayList<>();
    private final CompletableFuture<Short> closed = new CompletableFuture<>();
    private final long pinger;
    private int replies;

    private BridgeClient(Vertx vertx, WebSocketClient client, WebSocket socket) {
        this.vertx = vertx;
        this.client = client;
        this.socket = socket;
        socket.handler(buffer -> frames.add(new JsonObject(buffer)));
        socket.closeHandler(v -> closed.complete(socket.closeStatusCode()));
        pinger = vertx.setPeriodic(PING_EVERY_MS, id -> socket.writeTextMessage(new JsonObject().put("type", "ping").encode()));
    }

    public static BridgeClient connect(Vertx vertx, int port) {
        WebSocketClient client = vertx.createWebSocketClient();
        WebSocket socket = await(client.connect(new WebSocketConnectOptions()
            .setHost("127.0.0.1").setPort(port).setURI("/eventbus/websocket")));
        return new BridgeClient(vertx, client, socket);
    }

    public void register(String address, String ticket) {
        JsonObject frame = new JsonObject().put("type", "register").put("address", address);
        if (ticket != null) {
            frame.put("headers", new JsonObject().put("ticket", ticket));
        }
        write(frame);
    }

    /** Subscribes to the room with its ticket and waits until the gateway says this socket is in. */
    public void enter(String roomId, String ticket) {
        register("room." + roomId, ticket);
        nextOn("room." + roomId, body -> "welcome".equals(body.getString("event")));
    }

    public void unregister(String address) {
        write(new JsonObject().put("type", "unregister").put("address", address));
    }

    /** Sends with a reply address and returns the answer: a "rec" reply or an "err" frame. */
    public JsonObject request(String address, JsonObject body) {
        String replyAddress = "reply-" + (++replies);
        write(new JsonObject().put("type", "send").put("address", address).put("body", body).put("replyAddress", replyAddress));
        return next(frame -> replyAddress.equals(frame.getString("address")));
    }

    public void write(JsonObject frame) {
        writeRaw(frame.encode());
    }

    public void writeRaw(String text) {
        await(socket.writeTextMessage(text));
    }

    /**
     * The next frame that matches, waiting at most {@link TestApp#WAIT}. Frames passed over stay pending, in order,
     * for later calls.
     */
    public JsonObject next(Predicate<JsonObject> wanted) {
        for (int i = 0; i < pending.size(); i++) {
            if (wanted.test(pending.get(i))) {
                return pending.remove(i);
            }
        }
        long deadline = System.nanoTime() + WAIT.toNanos();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                JsonObject frame = left <= 0 ? null : frames.poll(left, TimeUnit.NANOSECONDS);
                if (frame == null) {
                    throw new AssertionError("no matching frame within " + WAIT + "; pending: " + pending);
                }
                if (wanted.test(frame)) {
                    return frame;
                }
                pending.add(frame);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Every frame that arrived before the one {@code marker} matches (frames of one socket arrive in order). */
    public List<JsonObject> framesBefore(Predicate<JsonObject> marker) {
        List<JsonObject> before = new ArrayList<>();
        JsonObject frame;
        while (!marker.test(frame = nextAny())) {
            before.add(frame);
        }
        return before;
    }

    private JsonObject nextAny() {
        return pending.isEmpty() ? next(frame -> true) : pending.remove(0);
    }

    /** The next message delivered on {@code address} whose body matches. */
    public JsonObject nextOn(String address, Predicate<JsonObject> body) {
        return next(frame -> "rec".equals(frame.getString("type")) && address.equals(frame.getString("address"))
            && body.test(frame.getJsonObject("body"))).getJsonObject("body");
    }

    public JsonObject nextError(String address) {
        return next(frame -> "err".equals(frame.getString("type")) && address.equals(frame.getString("address")));
    }

    /** Every frame still to come (and those passed over before), until the server closes the socket. */
    public List<JsonObject> framesUntilClosed() {
        awaitClosed();
        List<JsonObject> all = new ArrayList<>(pending);
        pending.clear();
        frames.drainTo(all);
        return all;
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    /** Waits for the server to close the socket; returns the WebSocket close code. */
    public short awaitClosed() {
        try {
            return closed.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("the socket was not closed within " + WAIT, e);
        }
    }

    @Override
    public void close() {
        vertx.cancelTimer(pinger);
        if (!closed.isDone()) {
            await(socket.close());
        }
        await(client.close());
    }
}
