package com.gifchat.rooms;

import com.gifchat.bus.Failure;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.regex.Pattern;

/**
 * What a valid room and a valid chat message look like. Each failure says what to fix, in words a person reads.
 * Titles and messages are kept as {@link CleanText} makes them, and judged (empty, too long) as they are kept.
 */
public final class RoomRules {

    public static final int MIN_CAPACITY = 2;
    public static final int MAX_TITLE_LENGTH = 60;
    public static final int MAX_PASSWORD_LENGTH = 200;
    /** A client's own id for a message it may send again (a UUID fits); it only has to be unique per person and room. */
    public static final int MAX_CLIENT_ID_LENGTH = 64;
    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9_-]{1," + MAX_CLIENT_ID_LENGTH + "}");

    private final int defaultCapacity;
    private final int maxCapacity;
    private final int maxTextLength;

    public RoomRules(int defaultCapacity, int maxCapacity, int maxTextLength) {
        this.defaultCapacity = defaultCapacity;
        this.maxCapacity = maxCapacity;
        this.maxTextLength = maxTextLength;
    }

    /** The new room's title, capacity and password (null when none), or BAD_INPUT. */
    Future<JsonObject> newRoom(JsonObject request) {
        String title = cleaned(request.getValue("title"));
        if (CleanText.isBlank(title)) {
            return Failure.BAD_INPUT.future("Give the room a title.");
        }
        if (title.codePointCount(0, title.length()) > MAX_TITLE_LENGTH) {
            return Failure.BAD_INPUT.future("The title can be at most " + MAX_TITLE_LENGTH + " characters long.");
        }
        Integer capacity = capacity(request.getValue("capacity"));
        if (capacity == null || capacity < MIN_CAPACITY || capacity > maxCapacity) {
            return Failure.BAD_INPUT.future("The capacity must be a whole number from " + MIN_CAPACITY + " to " + maxCapacity + ".");
        }
        Object password = request.getValue("password");
        if (password != null && !(password instanceof String)) {
            return Failure.BAD_INPUT.future("The password must be text.");
        }
        String given = (String) password;
        if (given != null && given.length() > MAX_PASSWORD_LENGTH) {
            return Failure.BAD_INPUT.future("The password can be at most " + MAX_PASSWORD_LENGTH + " characters long.");
        }
        return Future.succeededFuture(new JsonObject()
            .put("title", title)
            .put("capacity", capacity)
            .put("password", given == null || given.isEmpty() ? null : given));
    }

    /** The message text, cleaned, or BAD_INPUT. */
    Future<String> text(Object value) {
        if (value != null && !(value instanceof String)) {
            return Failure.BAD_INPUT.future("A message must be text.");
        }
        String text = cleaned(value);
        if (CleanText.isBlank(text)) {
            return Failure.BAD_INPUT.future("The message is empty.");
        }
        if (text.codePointCount(0, text.length()) > maxTextLength) {
            return Failure.BAD_INPUT.future("A message can be at most " + maxTextLength + " characters long.");
        }
        return Future.succeededFuture(text);
    }

    /** Absent means the default; a form sends text, a script may send a number. */
    private Integer capacity(Object value) {
        if (value == null || value instanceof String s && s.isBlank()) {
            return defaultCapacity;
        }
        if (value instanceof Integer i) {
            return i;
        }
        if (value instanceof String s) {
            try {
                return Integer.valueOf(s.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    public static boolean isClientId(String candidate) {
        return CLIENT_ID.matcher(candidate).matches();
    }

    private static String cleaned(Object value) {
        return value instanceof String s ? CleanText.clean(s) : "";
    }
}
