package com.gifchat.admin;

import com.gifchat.bus.LogText;
import io.vertx.core.json.JsonObject;

import java.util.Map;

/**
 * What a client frame must look like before the stock TCP bridge sees it. The stock bridge trusts every field: a
 * {@code timeout} header that is not a positive whole number, or a field of the wrong JSON type, throws inside it and
 * the frame is never answered. So every field it reads is checked here, and the frame it gets is rebuilt from the
 * checked fields only. A refusal is the text of an {@code err} frame's {@code message}.
 */
final class FrameRules {

    static final String TYPES = "unknown_type: the admin bridge takes send, ping and unregister frames";
    static final String CLIENT_HEADER = "x-admin-client";
    private static final String TOKEN_HEADER = "token";
    private static final String TIMEOUT_HEADER = "timeout";
    /** The event bus's own default reply timeout, which a send without a timeout header would get. */
    private static final long DEFAULT_TIMEOUT_MS = 30_000;

    private final long maxTimeoutMs;

    /** A frame for the bridge, or the reason it is refused; {@code replyAddress} when the frame named a usable one. */
    record Checked(JsonObject frame, String refusal, String replyAddress) {
        static Checked refused(String refusal, String replyAddress) {
            return new Checked(null, refusal, replyAddress);
        }
    }

    FrameRules(long maxTimeoutMs) {
        this.maxTimeoutMs = maxTimeoutMs;
    }

    Checked check(JsonObject frame) {
        Object type = frame.getValue("type");
        String replyAddress = frame.getValue("replyAddress") instanceof String text ? text : null;
        if ("ping".equals(type)) {
            return new Checked(new JsonObject().put("type", "ping"), null, null);
        }
        if ("publish".equals(type) || "register".equals(type)) {
            return Checked.refused("access_denied: " + type + " is not allowed here; an operation is a send with a replyAddress",
                replyAddress);
        }
        if (!"send".equals(type) && !"unregister".equals(type)) {
            return Checked.refused(TYPES, replyAddress);
        }
        Object address = frame.getValue("address");
        if (address == null) {
            return Checked.refused("missing_address", replyAddress);
        }
        if (!(address instanceof String) || ((String) address).isBlank()) {
            return Checked.refused("invalid_address: 'address' must be text, an admin.* address", replyAddress);
        }
        if (frame.getValue("replyAddress") != null && replyAddress == null) {
            return Checked.refused("invalid_reply_address: 'replyAddress' must be text", null);
        }
        Object headers = frame.getValue("headers");
        if (headers != null && !(headers instanceof JsonObject)) {
            return Checked.refused("invalid_headers: 'headers' must be a JSON object", replyAddress);
        }
        JsonObject checked = new JsonObject();
        for (Map.Entry<String, Object> header : headers == null ? new JsonObject() : (JsonObject) headers) {
            String problem = problemWith(header.getKey(), header.getValue());
            if (problem != null) {
                return Checked.refused("invalid_header: " + problem, replyAddress);
            }
            if (!CLIENT_HEADER.equals(header.getKey())) {
                checked.put(header.getKey(), header.getValue());
            }
        }
        if (!checked.containsKey(TIMEOUT_HEADER)) {
            checked.put(TIMEOUT_HEADER, Math.min(DEFAULT_TIMEOUT_MS, maxTimeoutMs));
        }
        JsonObject clean = new JsonObject().put("type", type).put("address", address).put("headers", checked);
        if (replyAddress != null) {
            clean.put("replyAddress", replyAddress);
        }
        if (frame.containsKey("body")) {
            clean.put("body", frame.getValue("body"));
        }
        return new Checked(clean, null, replyAddress);
    }

    /** The stock bridge reads timeout as a long, localOnly as a boolean, codecName as a codec, and the rest as text. */
    private String problemWith(String name, Object value) {
        return switch (name) {
            // any value: a token that is not text is a wrong token, answered as one
            case TOKEN_HEADER, CLIENT_HEADER -> null;
            case TIMEOUT_HEADER -> (value instanceof Integer || value instanceof Long)
                && ((Number) value).longValue() >= 1 && ((Number) value).longValue() <= maxTimeoutMs ? null
                : "'timeout' must be a whole number of milliseconds from 1 to " + maxTimeoutMs + " (admin.maxRequestTimeoutMs)";
            case "localOnly" -> value instanceof Boolean ? null : "'localOnly' must be true or false";
            case "codecName" -> "'codecName' cannot be chosen here";
            default -> value instanceof String ? null : "'" + LogText.of(name, 64) + "' must be text";
        };
    }
}
