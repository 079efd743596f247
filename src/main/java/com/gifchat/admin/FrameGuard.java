package com.gifchat.admin;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;

/**
 * Stands between one TCP client and the stock TCP event-bus bridge, which has no frame-size limit and stops answering
 * a connection after a frame of unknown type. Frames are a 4-byte big-endian length and that many bytes of JSON: a
 * declared length over the limit closes the connection before any of it is buffered; bad JSON or an unknown type is
 * answered with an error frame and goes no further; good frames pass through unchanged.
 */
final class FrameGuard {

    private static final Logger log = LoggerFactory.getLogger(FrameGuard.class);
    private static final int LENGTH_BYTES = 4;
    private static final Set<String> TYPES = Set.of("send", "publish", "register", "unregister", "ping");
    /** Set on every forwarded frame, so the bridge can log who sent it: behind this guard it sees only the guard. */
    static final String CLIENT_HEADER = "x-admin-client";

    private final NetSocket client;
    private final NetSocket bridge;
    private final int maxFrameBytes;
    private final RecordParser parser;
    private int expected = -1;

    private FrameGuard(NetSocket client, NetSocket bridge, int maxFrameBytes) {
        this.client = client;
        this.bridge = bridge;
        this.maxFrameBytes = maxFrameBytes;
        this.parser = RecordParser.newFixed(LENGTH_BYTES, this::onRecord);
    }

    /** Connects the two sockets through a new guard and lets the client's bytes flow. */
    static void join(NetSocket client, NetSocket bridge, int maxFrameBytes) {
        FrameGuard guard = new FrameGuard(client, bridge, maxFrameBytes);
        bridge.handler(client::write);
        bridge.closeHandler(v -> client.close());
        client.closeHandler(v -> bridge.close());
        client.handler(guard.parser);
        client.resume();
    }

    private void onRecord(Buffer record) {
        if (expected < 0) {
            long length = record.getUnsignedInt(0);
            if (length == 0 || length > maxFrameBytes) {
                log.warn("admin bridge: closed {} after a frame of {} bytes (at most {})", client.remoteAddress(), length, maxFrameBytes);
                client.write(FrameGuard.frame(error("frame_too_large"))).onComplete(v -> client.close());
                return;
            }
            expected = (int) length;
            parser.fixedSizeMode(expected);
        } else {
            expected = -1;
            parser.fixedSizeMode(LENGTH_BYTES);
            forwardIfValid(record);
        }
    }

    private void forwardIfValid(Buffer payload) {
        JsonObject frame;
        try {
            frame = new JsonObject(payload);
        } catch (DecodeException | ClassCastException e) {
            client.write(frame(error("invalid_json")));
            return;
        }
        if (!(frame.getValue("type") instanceof String type) || !TYPES.contains(type)) {
            client.write(frame(error("unknown_type: use send, publish, register, unregister or ping")));
            return;
        }
        Object headers = frame.getValue("headers");
        JsonObject withClient = headers instanceof JsonObject json ? json : new JsonObject();
        frame.put("headers", withClient.put(CLIENT_HEADER, String.valueOf(client.remoteAddress())));
        bridge.write(frame(frame));
    }

    private static JsonObject error(String message) {
        return new JsonObject().put("type", "err").put("message", message);
    }

    static Buffer frame(JsonObject json) {
        Buffer payload = json.toBuffer();
        return Buffer.buffer(LENGTH_BYTES + payload.length()).appendInt(payload.length()).appendBuffer(payload);
    }
}
