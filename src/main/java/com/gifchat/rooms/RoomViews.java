package com.gifchat.rooms;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

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
    static final String MEMBERS = "members";
    static final String TYPING = "typing";
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

    /**
     * A joined or left notice for people who joined (or left) together, in order: "Red joined", "Red and Blue
     * joined", "Red, Blue and 3 others joined". {@code colour} is the first of them, {@code colours} all of them.
     * Like every system notice, it is not stored, only published to the room.
     */
    static JsonObject presence(String roomId, String event, List<String> colours, long at) {
        String who = switch (colours.size()) {
            case 1 -> colours.get(0);
            case 2 -> colours.get(0) + " and " + colours.get(1);
            default -> colours.get(0) + ", " + colours.get(1) + " and " + (colours.size() - 2) + " others";
        };
        return notice(roomId, event, who + (JOINED.equals(event) ? " joined" : " left"), at)
            .put("colour", colours.get(0))
            .put("colours", new JsonArray(colours));
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

    /** The room's member count changed without a joined or left notice (an administrator's removal, say). */
    static JsonObject members(String roomId, int memberCount, long at) {
        return notice(roomId, MEMBERS, "", at).put("memberCount", memberCount);
    }

    /** Someone is typing: a signal for the pages, never stored, that expires by itself there. */
    static JsonObject typing(String roomId, String colour, long at) {
        return new JsonObject().put("roomId", roomId).put("type", TYPING).put("colour", colour).put("at", at);
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
