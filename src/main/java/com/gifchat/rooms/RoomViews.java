package com.gifchat.rooms;

import io.vertx.core.json.JsonObject;

/**
 * What leaves the rooms verticle: rooms and messages as everybody may see them (never a password hash, a person's
 * id or their connections), and the events published about them.
 */
final class RoomViews {

    static final String CREATED = "created";
    static final String UPDATED = "updated";
    static final String REMOVED = "removed";

    static final String TEXT = "text";
    static final String GIF = "gif";
    static final String SYSTEM = "system";
    static final String JOINED = "joined";
    static final String LEFT = "left";
    static final String CLOSED = "closed";
    static final String ANNOUNCEMENT = "announcement";
    static final String REMOVED_BY_ADMIN = "kicked";
    static final String MESSAGE_DELETED = "deleted";
    static final String BY_OWNER = "owner";
    static final String BY_ADMIN = "admin";

    private RoomViews() {
    }

    static JsonObject room(JsonObject stored) {
        return new JsonObject()
            .put("id", stored.getString("id"))
            .put("title", stored.getString("title"))
            .put("private", stored.getString("passwordHash") != null)
            .put("capacity", stored.getInteger("capacity"))
            .put("memberCount", stored.getInteger("memberCount"))
            .put("ownerColour", stored.getJsonObject("owner").getString("colour"))
            .put("createdAt", stored.getLong("createdAt"));
    }

    static boolean hasMember(JsonObject stored, String userId) {
        return stored.getJsonArray("members").stream()
            .anyMatch(member -> userId.equals(((JsonObject) member).getString("id")));
    }

    static JsonObject message(JsonObject stored) {
        JsonObject message = new JsonObject()
            .put("id", stored.getString("id"))
            .put("roomId", stored.getString("roomId"))
            .put("seq", stored.getLong("seq"))
            .put("type", stored.getString("type"))
            .put("text", stored.getString("text"))
            .put("colour", stored.getString("colour"))
            .put("at", stored.getLong("at"));
        JsonObject gif = stored.getJsonObject("gif");
        return gif == null ? message : message.put("gif", gif);
    }

    /** Joined and left notices; like every system notice, they are not stored, only published to the room. */
    static JsonObject system(String roomId, String event, String colour, long at) {
        return notice(roomId, event, colour + (JOINED.equals(event) ? " joined" : " left"), at).put("colour", colour);
    }

    /** The room is gone; pages closed by an administrator go back to the room list. */
    static JsonObject closed(String roomId, String by, long at) {
        String text = BY_ADMIN.equals(by) ? "The room was closed by an administrator." : "The room was closed by its owner.";
        return notice(roomId, CLOSED, text, at).put("by", by);
    }

    static JsonObject kicked(String roomId, String colour, long at) {
        return notice(roomId, REMOVED_BY_ADMIN, colour + " was removed by an administrator", at).put("colour", colour);
    }

    /** Pages take the message with this id off the screen. */
    static JsonObject deleted(String roomId, String messageId, long at) {
        return notice(roomId, MESSAGE_DELETED, "A message was removed by an administrator.", at).put("messageId", messageId);
    }

    static JsonObject announcement(String roomId, String text, long at) {
        return notice(roomId, ANNOUNCEMENT, text, at);
    }

    private static JsonObject notice(String roomId, String event, String text, long at) {
        return new JsonObject()
            .put("roomId", roomId)
            .put("type", SYSTEM)
            .put("event", event)
            .put("text", text)
            .put("at", at);
    }

    static JsonObject event(String type, JsonObject room) {
        return new JsonObject().put("type", type).put("room", room);
    }
}
