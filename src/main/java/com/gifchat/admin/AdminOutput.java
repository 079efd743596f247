package com.gifchat.admin;

import com.gifchat.bus.LogText;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static com.gifchat.bus.Addresses.ADMIN_BANS_LIST;
import static com.gifchat.bus.Addresses.ADMIN_ROOMS_LIST;
import static com.gifchat.bus.Addresses.ADMIN_ROOMS_SHOW;

/**
 * What the command lines print, defined once here and mirrored character for character by scripts/admin.py
 * (docs/ADMIN.md §4): tables for people, with every text escaped (a room title is anyone's text and must not move
 * the cursor or end a line), and JSON laid out as Python's {@code json.dumps(indent=2, ensure_ascii=False)} does.
 */
final class AdminOutput {

    private AdminOutput() {
    }

    static String human(String address, JsonObject body) {
        return switch (address) {
            case ADMIN_ROOMS_LIST -> rooms(body.getJsonArray("rooms"));
            case ADMIN_ROOMS_SHOW -> rooms(new JsonArray().add(body.getJsonObject("room"))) + "\n\n" + members(body.getJsonArray("members"));
            case ADMIN_BANS_LIST -> bans(body.getJsonArray("bans"));
            default -> body.isEmpty() ? "ok" : String.join("\n", body.stream()
                .map(field -> field.getKey() + ": " + (field.getValue() instanceof String text ? LogText.of(text, Integer.MAX_VALUE)
                    : json(field.getValue(), null, ""))).toList());
        };
    }

    private static String rooms(JsonArray rooms) {
        StringBuilder table = new StringBuilder(row(List.of("ROOM", "TITLE", "ACCESS", "PEOPLE", "MESSAGES", "OWNER", "LAST ACTIVITY"),
            16, 24, 7, 7, -8, 7, 0));
        for (JsonObject room : rooms.stream().map(JsonObject.class::cast).toList()) {
            table.append('\n').append(row(List.of(room.getString("id"), room.getString("title"),
                room.getBoolean("private") ? "private" : "public", room.getInteger("memberCount") + "/" + room.getInteger("capacity"),
                String.valueOf(room.getLong("messageCount")), room.getString("owner"), instant(room.getLong("lastActivity"))),
                16, 24, 7, 7, -8, 7, 0));
        }
        return table.toString();
    }

    private static String bans(JsonArray bans) {
        StringBuilder table = new StringBuilder(row(List.of("BAN", "UNTIL", "REASON"), 39, 24, 0));
        for (JsonObject ban : bans.stream().map(JsonObject.class::cast).toList()) {
            table.append('\n').append(row(List.of(ban.getString("id"), instant(ban.getLong("until")),
                ban.getString("reason") == null ? "" : ban.getString("reason")), 39, 24, 0));
        }
        return table.toString();
    }

    private static String members(JsonArray members) {
        StringBuilder table = new StringBuilder(row(List.of("PERSON", "COLOUR", "JOINED", "CONNECTIONS (NODE)"), 32, 7, 24, 0));
        for (JsonObject member : members.stream().map(JsonObject.class::cast).toList()) {
            table.append('\n').append(row(List.of(member.getString("id"), member.getString("colour"), instant(member.getLong("joinedAt")),
                String.join(", ", member.getJsonArray("connections").stream().map(JsonObject.class::cast)
                    .map(connection -> connection.getString("node")).toList())), 32, 7, 24, 0));
        }
        return table.toString();
    }

    /**
     * One table row: each cell escaped, then cut to its width with "…" and padded with spaces (on the left for a
     * negative width, numbers); widths count characters (code points). A width of 0 is the last column, as it is.
     */
    static String row(List<String> cells, int... widths) {
        StringBuilder row = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String text = LogText.of(cells.get(i), Integer.MAX_VALUE);
            int width = Math.abs(widths[i]);
            int length = text.codePointCount(0, text.length());
            if (width > 0 && length > width) {
                text = text.substring(0, text.offsetByCodePoints(0, width - 1)) + "…";
                length = width;
            }
            String padding = " ".repeat(Math.max(0, width - length));
            row.append(i == 0 ? "" : "  ").append(widths[i] < 0 ? padding + text : text + (i == cells.size() - 1 ? "" : padding));
        }
        return row.toString();
    }

    /** As {@link Instant#toString()}: UTC, milliseconds only when there are some. */
    static String instant(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).toString();
    }

    /** JSON as Python's json.dumps writes it: {@code indent} null for one line (no spaces), else one value a line. */
    static String json(Object value, String indent, String at) {
        if (value instanceof JsonObject object) {
            value = object.getMap();
        } else if (value instanceof JsonArray array) {
            value = array.getList();
        }
        if (value instanceof Map<?, ?> map) {
            return map.isEmpty() ? "{}" : container('{', '}', map.entrySet().stream()
                .map(entry -> string(String.valueOf(entry.getKey())) + (indent == null ? ":" : ": ")
                    + json(entry.getValue(), indent, indent == null ? at : at + indent)).toList(), indent, at);
        }
        if (value instanceof List<?> list) {
            return list.isEmpty() ? "[]" : container('[', ']', list.stream()
                .map(item -> json(item, indent, indent == null ? at : at + indent)).toList(), indent, at);
        }
        return value instanceof String text ? string(text) : String.valueOf(value);
    }

    private static String container(char open, char close, List<String> items, String indent, String at) {
        if (indent == null) {
            return open + String.join(",", items) + close;
        }
        String inner = "\n" + at + indent;
        return open + inner + String.join("," + inner, items) + "\n" + at + close;
    }

    private static String string(String text) {
        StringBuilder json = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                case '\b' -> json.append("\\b");
                case '\f' -> json.append("\\f");
                default -> json.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return json.append('"').toString();
    }
}
