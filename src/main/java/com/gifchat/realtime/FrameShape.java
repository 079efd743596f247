package com.gifchat.realtime;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.Set;

/**
 * Whether a bridge frame has the shape the SockJS bridge can handle. The bridge logs an ERROR for an unknown type or
 * a long reply address, and throws (a stack trace in the log, no answer) when a field has the wrong JSON type; so
 * the gateway refuses such frames itself, before the bridge sees them.
 */
final class FrameShape {

    /** What the bridge's own clients (vertx-eventbus.js) can send. */
    private static final Set<String> TYPES = Set.of("send", "publish", "register", "unregister", "ping");
    /** The bridge's own limits: vertx-eventbus.js reply addresses are UUIDs; addresses as SockJSBridgeOptions says. */
    private static final int MAX_REPLY_ADDRESS_LENGTH = 36;
    private static final int SAMPLE_BYTES = 200;

    /** Why a frame is refused: the {@code body} of the error frame, words for a person, and what the client sent. */
    record Refusal(String body, String message, Object sample) {
        Buffer toFrame() {
            return new JsonObject().put("type", "err").put("body", body).put("message", message).toBuffer();
        }
    }

    private FrameShape() {
    }

    /** The refusal of a frame that is not fit for the bridge, or null when it is fit. */
    static Refusal check(Buffer data, int maxAddressLength) {
        Object decoded;
        try {
            decoded = Json.decodeValue(data);
        } catch (DecodeException e) {
            return new Refusal("invalid_json", "A frame must be one JSON object.", sampleOf(data));
        }
        if (!(decoded instanceof JsonObject frame)) {
            return new Refusal("invalid_json", "A frame must be one JSON object.", sampleOf(data));
        }
        Object type = frame.getValue("type");
        if (type == null) {
            return new Refusal("missing_type", "A frame needs a type.", sampleOf(data));
        }
        if (!(type instanceof String name) || !TYPES.contains(name)) {
            return new Refusal("invalid_type", "The type must be send, publish, register, unregister or ping.", type);
        }
        if (name.equals("ping")) {
            return null;
        }
        Object address = frame.getValue("address");
        if (address == null) {
            return new Refusal("missing_address", "A " + name + " frame needs an address.", sampleOf(data));
        }
        if (!(address instanceof String text) || text.length() > maxAddressLength) {
            return new Refusal("invalid_address", "The address must be text of at most " + maxAddressLength + " characters.", address);
        }
        Object headers = frame.getValue("headers");
        if (headers != null && !(headers instanceof JsonObject json && onlyText(json))) {
            return new Refusal("invalid_headers", "The headers must be an object whose values are text.", headers);
        }
        Object replyAddress = frame.getValue("replyAddress");
        if (replyAddress != null && !(replyAddress instanceof String reply && reply.length() <= MAX_REPLY_ADDRESS_LENGTH)) {
            return new Refusal("invalid_reply_address",
                "The replyAddress must be text of at most " + MAX_REPLY_ADDRESS_LENGTH + " characters.", replyAddress);
        }
        return null;
    }

    /** The start of what a client sent, enough for the log (which escapes and cuts it again). */
    static String sampleOf(Buffer data) {
        return data.getString(0, Math.min(data.length(), SAMPLE_BYTES));
    }

    private static boolean onlyText(JsonObject headers) {
        for (Map.Entry<String, Object> header : headers) {
            if (!(header.getValue() instanceof String)) {
                return false;
            }
        }
        return true;
    }
}
