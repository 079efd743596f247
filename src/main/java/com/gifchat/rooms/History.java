package com.gifchat.rooms;

import com.gifchat.bus.Bus;
import com.gifchat.bus.Failure;
import com.gifchat.metrics.AppMetrics;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import static com.gifchat.bus.Addresses.STORE_MESSAGE_PAGE;

/**
 * Pages of a room's history: the newest, the ones before a number ("load older"), or the ones after a number, which
 * is how a page that reconnects catches up on what it missed.
 */
final class History {

    private final EventBus bus;
    private final int pageSize;
    private final int maxPageSize;

    History(EventBus bus, int pageSize, int maxPageSize) {
        this.bus = bus;
        this.pageSize = pageSize;
        this.maxPageSize = maxPageSize;
    }

    /** {@code room} must exist; the request is {roomId, before? | after?, limit?}. */
    Future<JsonObject> page(JsonObject request) {
        String roomId = request.getString("roomId");
        Object before = request.getValue("before");
        Object after = request.getValue("after");
        Object limitValue = request.getValue("limit", pageSize);
        if (before != null && !isWhole(before, 1)) {
            return Failure.BAD_INPUT.future("'before' must be a positive message number.");
        }
        if (after != null && !isWhole(after, 0)) {
            return Failure.BAD_INPUT.future("'after' must be a message number of 0 or more.");
        }
        if (before != null && after != null) {
            return Failure.BAD_INPUT.future("Ask for messages 'before' or 'after' a number, not both.");
        }
        if (!(limitValue instanceof Integer limit) || limit < 1 || limit > maxPageSize) {
            return Failure.BAD_INPUT.future("'limit' must be a whole number from 1 to " + maxPageSize + ".");
        }
        return after != null ? newerThan(roomId, ((Number) after).longValue(), limit) : olderThan(roomId, before, limit);
    }

    private Future<JsonObject> newerThan(String roomId, long after, int limit) {
        AppMetrics.count("catchup.requests");
        JsonObject page = new JsonObject().put("roomId", roomId).put("after", after).put("limit", limit);
        return Bus.requestLocally(bus, STORE_MESSAGE_PAGE, page).map(reply -> new JsonObject()
            .put("messages", views(reply.getJsonArray("messages"), 0))
            .put("hasMore", reply.getBoolean("hasMore"))
            .put("lastSeq", reply.getLong("lastSeq")));
    }

    private Future<JsonObject> olderThan(String roomId, Object before, int limit) {
        // one more than asked tells whether older messages remain
        JsonObject page = new JsonObject().put("roomId", roomId).put("limit", limit + 1);
        if (before != null) {
            page.put("before", ((Number) before).longValue());
        }
        return Bus.requestLocally(bus, STORE_MESSAGE_PAGE, page).map(reply -> {
            JsonArray found = reply.getJsonArray("messages");
            return new JsonObject().put("messages", views(found, Math.max(0, found.size() - limit))).put("hasMore", found.size() > limit);
        });
    }

    private static JsonArray views(JsonArray stored, int from) {
        JsonArray messages = new JsonArray();
        for (int i = from; i < stored.size(); i++) {
            messages.add(RoomViews.message(stored.getJsonObject(i)));
        }
        return messages;
    }

    private static boolean isWhole(Object value, long least) {
        return (value instanceof Integer || value instanceof Long) && ((Number) value).longValue() >= least;
    }
}
