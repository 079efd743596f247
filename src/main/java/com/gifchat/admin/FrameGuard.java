package com.gifchat.admin;

import com.gifchat.bus.Failure;
import com.gifchat.bus.LogText;
import com.gifchat.metrics.AppMetrics;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;

/**
 * Stands between one TCP client and the stock TCP event-bus bridge, which has no frame-size limit, no idle timeout
 * and stops answering a frame whose fields it cannot read. Frames are a 4-byte big-endian length and that many bytes
 * of JSON. A declared length of 0 or over the limit closes the connection with one error frame, and nothing after it
 * is read, even in the same TCP segment; a frame that breaks the {@link FrameRules} or carries a wrong token is
 * answered with an error frame (a wrong token after a growing delay, see {@link TokenGate}) and goes no further;
 * a connection without a whole frame for the idle timeout is closed. Good frames go on, rebuilt from their checked
 * fields and with the client's address as a header, so the admin audit can say who asked.
 */
final class FrameGuard {

    private static final int LENGTH_BYTES = 4;
    /** The refusal counted for a send without the right admin token. */
    static final String WRONG_TOKEN = "WRONG_TOKEN";

    /** What all guards of one bridge share: the limits, the rules, the token and the brakes and logs on abuse. */
    record Policy(Vertx vertx, int maxFrameBytes, long idleTimeoutMs, FrameRules rules, TokenGate tokens,
                  RepeatedEvents tokenFailures, RepeatedEvents notTheProtocol) {
    }

    private final Policy policy;
    private final NetSocket client;
    private final NetSocket bridge;
    private final String clientHost;
    private final RecordParser parser;
    private int expected = -1;
    /** Reasons to read nothing from the client for now: a delayed answer, a full write queue, closing. */
    private int holds;
    private boolean clientFull;
    private boolean bridgeFull;
    private boolean closing;
    private long lastFrameAt;
    private long idleTimer;

    private FrameGuard(Policy policy, NetSocket client, NetSocket bridge) {
        this.policy = policy;
        this.client = client;
        this.bridge = bridge;
        this.clientHost = client.remoteAddress().hostAddress();
        this.parser = RecordParser.newFixed(LENGTH_BYTES, this::onRecord);
    }

    /** Connects the two sockets through a new guard and lets the client's bytes flow; {@code onClosed} runs once. */
    static void join(Policy policy, NetSocket client, NetSocket bridge, Runnable onClosed) {
        FrameGuard guard = new FrameGuard(policy, client, bridge);
        bridge.handler(guard::fromBridge);
        bridge.closeHandler(v -> client.close());
        bridge.exceptionHandler(error -> client.close());
        // a reset by the client is its way of leaving: the close handler does what is needed, a log line would not
        client.exceptionHandler(error -> client.close());
        client.closeHandler(v -> {
            policy.vertx().cancelTimer(guard.idleTimer);
            bridge.close();
            onClosed.run();
        });
        client.handler(guard.parser);
        guard.lastFrameAt = guard.now();
        guard.idleTimer = policy.vertx().setTimer(policy.idleTimeoutMs(), id -> guard.checkIdle());
        client.resume();
    }

    private void onRecord(Buffer record) {
        if (closing) {
            return;
        }
        if (expected < 0) {
            long length = record.getUnsignedInt(0);
            if (length == 0 || length > policy.maxFrameBytes()) {
                if (length == 0) {
                    AppMetrics.badFrame(AppMetrics.ADMIN);
                } else {
                    AppMetrics.refused(AppMetrics.ADMIN, Failure.TOO_LARGE);
                }
                policy.notTheProtocol().record(clientHost, " (a frame declared " + length + " bytes long, at most "
                    + policy.maxFrameBytes() + " allowed)");
                closeWith(error("frame_too_large", null));
                return;
            }
            expected = (int) length;
            parser.fixedSizeMode(expected);
        } else {
            expected = -1;
            parser.fixedSizeMode(LENGTH_BYTES);
            lastFrameAt = now();
            onFrame(record);
        }
    }

    private void onFrame(Buffer payload) {
        JsonObject frame;
        try {
            frame = new JsonObject(payload);
        } catch (DecodeException | ClassCastException e) {
            AppMetrics.badFrame(AppMetrics.ADMIN);
            write(error("invalid_json", null));
            return;
        }
        FrameRules.Checked checked = policy.rules().check(frame);
        if (checked.refusal() != null) {
            AppMetrics.badFrame(AppMetrics.ADMIN);
            write(error(checked.refusal(), checked.replyAddress()));
            return;
        }
        JsonObject good = checked.frame();
        if ("send".equals(good.getString("type"))) {
            if (!policy.tokens().accepts(good.getJsonObject("headers").getValue("token"))) {
                refuseToken(good.getString("address"), checked.replyAddress());
                return;
            }
            policy.tokens().succeeded(clientHost);
        }
        if (good.containsKey("headers")) {
            good.getJsonObject("headers").put(FrameRules.CLIENT_HEADER, String.valueOf(client.remoteAddress()));
        }
        bridge.write(frame(good));
        if (bridge.writeQueueFull() && !bridgeFull) {
            bridgeFull = true;
            hold();
            bridge.drainHandler(v -> {
                bridgeFull = false;
                release();
            });
        }
    }

    /** Nothing more is read from this client until the answer is out, so one connection guesses one token at a time. */
    private void refuseToken(String address, String replyAddress) {
        AppMetrics.refused(AppMetrics.ADMIN, WRONG_TOKEN);
        policy.tokenFailures().record(clientHost, " (a send to \"" + LogText.of(address, 80) + "\")");
        long wait = policy.tokens().failed(clientHost, now());
        hold();
        policy.vertx().setTimer(Math.max(1, wait), id -> {
            if (!closing) {
                write(error("wrong or missing admin token", replyAddress));
                lastFrameAt = now();
                release();
            }
        });
    }

    private void fromBridge(Buffer data) {
        lastFrameAt = now();
        write(data);
    }

    private void write(Buffer data) {
        client.write(data);
        if (client.writeQueueFull() && !clientFull) {
            // the client does not read its answers: read nothing more from it, so it cannot make us queue more
            clientFull = true;
            hold();
            client.drainHandler(v -> {
                clientFull = false;
                release();
            });
        }
    }

    /** A connection on hold waits for its answer or its reader; one that does not read is the server's idle timeout's. */
    private void checkIdle() {
        if (closing) {
            return;
        }
        long quiet = now() - lastFrameAt;
        if (quiet < policy.idleTimeoutMs()) {
            idleTimer = policy.vertx().setTimer(policy.idleTimeoutMs() - quiet, id -> checkIdle());
        } else if (holds > 0) {
            idleTimer = policy.vertx().setTimer(policy.idleTimeoutMs(), id -> checkIdle());
        } else {
            closeWith(error("idle_timeout: closed after " + policy.idleTimeoutMs() + " ms without a frame", null));
        }
    }

    /** The error frame, then the close; nothing the client sent after the offending bytes is looked at. */
    private void closeWith(Buffer error) {
        closing = true;
        parser.pause();
        discardInputAndClose(client, error);
    }

    /**
     * Writes {@code error} and closes. What the client sends meanwhile is read and dropped, not left unread: closing
     * a socket with unread input resets the connection, and a reset can lose the error frame on its way.
     */
    static void discardInputAndClose(NetSocket client, Buffer error) {
        client.handler(ignored -> { });
        client.resume();
        client.write(error);
        client.close();
    }

    private void hold() {
        if (holds++ == 0) {
            client.pause();
            parser.pause();
        }
    }

    private void release() {
        if (--holds == 0 && !closing) {
            client.resume();
            parser.resume();
        }
    }

    private long now() {
        return System.nanoTime() / 1_000_000;
    }

    static Buffer error(String message, String replyAddress) {
        JsonObject error = new JsonObject().put("type", "err");
        if (replyAddress != null) {
            error.put("address", replyAddress);
        }
        return frame(error.put("message", message));
    }

    static Buffer frame(JsonObject json) {
        Buffer payload = json.toBuffer();
        return Buffer.buffer(LENGTH_BYTES + payload.length()).appendInt(payload.length()).appendBuffer(payload);
    }
}
