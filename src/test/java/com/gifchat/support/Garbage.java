package com.gifchat.support;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Random;

/** Malformed frames for the fuzz tests: not JSON, JSON of the wrong shape, or a good frame with something off. */
public final class Garbage {

    private Garbage() {
    }

    /** A frame no client of ours sends, for room {@code roomId}; the same ones every run for a seeded random. */
    public static String frame(Random random, String roomId) {
        String room = "room." + roomId;
        return switch (random.nextInt(12)) {
            case 0 -> randomText(random, 1 + random.nextInt(200));
            case 1 -> "{\"type\":\"send\",\"address\":\"chat.send\",\"body\":{\"text\":\"" + randomText(random, 20);
            case 2 -> new JsonObject().put("type", random.nextInt()).put("address", room).encode();
            case 3 -> new JsonObject().put("type", randomText(random, 30)).put("address", "chat.send").encode();
            case 4 -> new JsonObject().put("type", "register").put("address", room).put("headers", randomText(random, 10)).encode();
            case 5 -> new JsonObject().put("type", "send").put("address", "chat.send").put("body", new JsonObject())
                .put("headers", new JsonObject().put("ticket", random.nextInt())).encode();
            case 6 -> new JsonObject().put("type", "send").put("address", new JsonArray().add(room)).encode();
            case 7 -> new JsonObject().put("type", "send").put("address", "chat.send").put("replyAddress", "r".repeat(37 + random.nextInt(100))).encode();
            case 8 -> "[".repeat(2000) + "]".repeat(2000);
            case 9 -> new JsonObject().put("type", "join").put("room", random.nextBoolean() ? null : random.nextDouble()).encode();
            case 10 -> new JsonArray().add("send").add(random.nextLong()).encode();
            default -> "{\"type\":\"" + "\\u0000\\n\\u202e".repeat(1 + random.nextInt(50)) + "\"}";
        };
    }

    public static String randomText(Random random, int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append((char) random.nextInt(0x3000));
        }
        return text.toString();
    }
}
