package com.gifchat.admin;

import com.gifchat.bus.Bus;
import com.gifchat.bus.Failure;
import com.gifchat.metrics.AppMetrics;
import com.gifchat.bus.LogText;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.function.Function;

import static com.gifchat.bus.Addresses.*;

/**
 * Room administration over the event bus, for operators' scripts: any JVM in the cluster can call these addresses
 * (browsers never can: the bridge does not permit them). Each operation checks its arguments, is logged with its
 * outcome, and leaves the room domain's rules to the rooms verticle.
 */
public class AdminVerticle extends VerticleBase {

    private static final Logger log = LoggerFactory.getLogger(AdminVerticle.class);

    private static final long MILLIS = 1000;
    /** Ten years: longer than any cool-down or age anybody means, and far from overflowing milliseconds. */
    private static final long MAX_SECONDS = 10L * 365 * 24 * 3600;

    /** One day: slower than that is a closed room. */
    private static final long MAX_SLOW_MODE_SECONDS = 24 * 3600;
    private static final int MAX_REASON = 200;
    private static final String PERSON_ID = "[0-9a-f]{32}";
    private static final String ADDRESS_HASH = "[0-9a-f]{16}";

    private EventBus bus;

    @Override
    public Future<?> start() {
        bus = vertx.eventBus();
        return Future.all(List.of(
            serve(ADMIN_ROOMS_LIST, this::listRooms),
            serve(ADMIN_ROOMS_SHOW, this::showRoom),
            serve(ADMIN_ROOMS_CLOSE, this::closeRoom),
            serve(ADMIN_ANNOUNCE, this::announce),
            serve(ADMIN_STATS, request -> Bus.requestLocally(bus, STORE_STATS, new JsonObject())),
            serve(ADMIN_KICK, this::kick),
            serve(ADMIN_MESSAGES_DELETE, this::deleteMessage),
            serve(ADMIN_MESSAGES_PURGE, this::purge),
            serve(ADMIN_BAN, this::ban),
            serve(ADMIN_UNBAN, request -> banned(request).compose(target -> Bus.requestLocally(bus, ROOMS_UNBAN, target))),
            serve(ADMIN_BANS_LIST, request -> Bus.requestLocally(bus, ROOMS_BANS_LIST, new JsonObject())),
            serve(ADMIN_ROOMS_SLOWMODE, this::slowMode)));
    }

    /**
     * Serves one admin address, with an audit line per request: who asked (the admin bridge connection's address, or
     * a member of the cluster), what, for which room, and how it ended. Everything a client wrote is escaped in it.
     */
    private Future<Void> serve(String address, Function<JsonObject, Future<JsonObject>> operation) {
        return bus.<Object>consumer(address, request -> {
            String who = request.headers().get(FrameRules.CLIENT_HEADER);
            Object body = request.body() == null ? new JsonObject() : request.body();
            Future<JsonObject> result = body instanceof JsonObject json ? run(operation, json)
                : Failure.BAD_INPUT.future("malformed request: the body must be a JSON object");
            result.onComplete(outcome -> audit(who == null ? "a cluster member" : who, address, body, outcome.cause()))
                .onSuccess(reply -> request.reply(reply == null ? new JsonObject() : reply))
                .onFailure(error -> Failure.reply(request, error));
        }).completion();
    }

    private static Future<JsonObject> run(Function<JsonObject, Future<JsonObject>> operation, JsonObject request) {
        try {
            return operation.apply(request);
        } catch (ClassCastException | IllegalArgumentException e) {
            return Failure.BAD_INPUT.future("malformed request: " + e.getMessage());
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    /** One line per operation; a failure that is not one of ours also gets its stack trace, as anywhere else. */
    private static void audit(String who, String address, Object body, Throwable error) {
        Object room = null;
        Object arguments = body;
        if (body instanceof JsonObject json) {
            JsonObject rest = json.copy();
            room = rest.remove("roomId");
            arguments = rest.encode();
        }
        String outcome = error == null ? "ok" : "failed (" + Failure.of(error).code() + "): " + LogText.of(Failure.describe(error));
        AppMetrics.count("admin.operations", "operation", address, "result", error == null ? "ok" : Failure.of(error).name());
        log.info("admin audit: {} {} room {} {} -> {}", LogText.of(who, 80), address,
            room == null ? "(all)" : LogText.of(room, 40), LogText.of(arguments), outcome);
        if (error != null && !(error instanceof ReplyException)) {
            log.error("{} failed unexpectedly: a bug, please report it with this trace", address, error);
        }
    }

    private Future<JsonObject> listRooms(JsonObject request) {
        return overview(new JsonObject()).map(rooms -> new JsonObject().put("rooms",
            new JsonArray(rooms.stream().map(room -> (Object) summary(room)).toList())));
    }

    /** One room with the people in it now: colour, id, when they joined, and their connections with their nodes. */
    private Future<JsonObject> showRoom(JsonObject request) {
        return roomId(request).compose(id -> overview(new JsonObject().put("roomId", id)).compose(rooms -> rooms.stream()
            .findFirst()
            .map(room -> Future.succeededFuture(new JsonObject()
                .put("room", summary(room))
                .put("members", new JsonArray(room.getJsonArray("members").stream().map(JsonObject.class::cast)
                    .map(member -> (Object) new JsonObject()
                        .put("id", member.getString("id"))
                        .put("colour", member.getString("colour"))
                        .put("joinedAt", member.getLong("joinedAt"))
                        .put("address", member.getString("address"))
                        .put("connections", member.getJsonArray("conns")))
                    .toList()))))
            .orElseGet(() -> Failure.NO_SUCH_ROOM.future("no such room"))));
    }

    private Future<List<JsonObject>> overview(JsonObject scope) {
        return Bus.requestLocally(bus, STORE_ROOM_OVERVIEW, scope)
            .map(reply -> reply.getJsonArray("rooms").stream().map(JsonObject.class::cast).toList());
    }

    private Future<JsonObject> closeRoom(JsonObject request) {
        return roomId(request).compose(id -> Bus.requestLocally(bus, ROOMS_CLOSE, new JsonObject().put("id", id)));
    }

    private Future<JsonObject> announce(JsonObject request) {
        Object roomId = request.getValue("roomId");
        Future<JsonObject> target = roomId == null ? Future.succeededFuture(new JsonObject())
            : roomId(request).map(id -> new JsonObject().put("roomId", id));
        return target.compose(announcement -> Bus.requestLocally(bus, ROOMS_ANNOUNCE, announcement.put("text", request.getValue("text"))));
    }

    private Future<JsonObject> kick(JsonObject request) {
        return roomId(request)
            .compose(id -> text(request, "userId", "the person's id, as admin.rooms.show lists it")
                .compose(userId -> seconds(request, "cooldownSeconds", 0)
                    .compose(cooldown -> flag(request, "byAddress").map(byAddress -> new JsonObject().put("roomId", id)
                        .put("userId", userId).put("cooldownMs", cooldown * MILLIS).put("byAddress", byAddress)))))
            .compose(kick -> Bus.requestLocally(bus, ROOMS_KICK, kick));
    }

    /** {personId | addressHash, seconds, reason?}: a ban on the whole chat, which also ends the person's memberships. */
    private Future<JsonObject> ban(JsonObject request) {
        Object reason = request.getValue("reason");
        if (reason != null && !(reason instanceof String text && text.length() <= MAX_REASON)) {
            return Failure.BAD_INPUT.future("'reason' must be a text of at most " + MAX_REASON + " characters.");
        }
        return banned(request)
            .compose(target -> seconds(request, "seconds", null).map(seconds -> target.put("seconds", seconds).put("reason", reason)))
            .compose(ban -> ban.getLong("seconds") == 0 ? Failure.BAD_INPUT.future("'seconds' must be at least 1.")
                : Bus.requestLocally(bus, ROOMS_BAN, ban));
    }

    /** Whom a ban names: exactly one of a person's id or a client-address hash, as admin.rooms.show and the logs give them. */
    private static Future<JsonObject> banned(JsonObject request) {
        Object person = request.getValue("personId");
        Object address = request.getValue("addressHash");
        if ((person == null) == (address == null)) {
            return Failure.BAD_INPUT.future("Name exactly one of 'personId' (32 hexadecimal digits) or 'addressHash' (16 hexadecimal digits).");
        }
        if (person != null) {
            return person instanceof String id && id.matches(PERSON_ID) ? Future.succeededFuture(new JsonObject().put("kind", "person").put("value", id))
                : Failure.BAD_INPUT.future("'personId' must be 32 hexadecimal digits.");
        }
        return address instanceof String hash && hash.matches(ADDRESS_HASH) ? Future.succeededFuture(new JsonObject().put("kind", "address").put("value", hash))
            : Failure.BAD_INPUT.future("'addressHash' must be 16 hexadecimal digits.");
    }

    /** {roomId, seconds}: at most one message per person every that many seconds in the room; 0 turns it off. */
    private Future<JsonObject> slowMode(JsonObject request) {
        return roomId(request)
            .compose(id -> seconds(request, "seconds", null).compose(seconds -> seconds <= MAX_SLOW_MODE_SECONDS
                ? Future.succeededFuture(new JsonObject().put("roomId", id).put("seconds", seconds.intValue()))
                : Failure.BAD_INPUT.future("'seconds' must be from 0 (off) to " + MAX_SLOW_MODE_SECONDS + ".")))
            .compose(slowMode -> Bus.requestLocally(bus, ROOMS_SLOWMODE, slowMode));
    }

    private static Future<Boolean> flag(JsonObject request, String field) {
        Object value = request.getValue(field, false);
        return value instanceof Boolean flag ? Future.succeededFuture(flag) : Failure.BAD_INPUT.future("'" + field + "' must be true or false.");
    }

    private Future<JsonObject> deleteMessage(JsonObject request) {
        return roomId(request)
            .compose(id -> text(request, "messageId", "the message's id, \"<roomId>-<number>\"")
                .map(messageId -> new JsonObject().put("roomId", id).put("messageId", messageId)))
            .compose(delete -> Bus.requestLocally(bus, ROOMS_MESSAGE_DELETE, delete));
    }

    private Future<JsonObject> purge(JsonObject request) {
        Future<JsonObject> scope = request.getValue("roomId") == null ? Future.succeededFuture(new JsonObject())
            : roomId(request).map(id -> new JsonObject().put("roomId", id));
        return scope
            .compose(purge -> seconds(request, "olderThanSeconds", null).map(age -> purge.put("olderThanMs", age * MILLIS)))
            .compose(purge -> Bus.requestLocally(bus, ROOMS_PURGE, purge));
    }

    private static Future<String> text(JsonObject request, String field, String meaning) {
        Object value = request.getValue(field);
        return value instanceof String text && !text.isBlank() ? Future.succeededFuture(text)
            : Failure.BAD_INPUT.future("'" + field + "' is required: " + meaning + ".");
    }

    /** A whole number of seconds from 0 to ten years; {@code fallback} when absent, required when it is null. */
    private static Future<Long> seconds(JsonObject request, String field, Integer fallback) {
        Object value = request.getValue(field);
        if (value == null && fallback != null) {
            return Future.succeededFuture(fallback.longValue());
        }
        if ((value instanceof Integer || value instanceof Long) && ((Number) value).longValue() >= 0
            && ((Number) value).longValue() <= MAX_SECONDS) {
            return Future.succeededFuture(((Number) value).longValue());
        }
        return Failure.BAD_INPUT.future("'" + field + "' must be a whole number of seconds, from 0 to " + MAX_SECONDS + ".");
    }

    private static Future<String> roomId(JsonObject request) {
        Object id = request.getValue("roomId");
        if (!(id instanceof String text) || text.isBlank()) {
            return Failure.BAD_INPUT.future("'roomId' is required: the room's id, 16 hexadecimal digits.");
        }
        return isRoomId(text) ? Future.succeededFuture(text) : Failure.NO_SUCH_ROOM.future("no such room");
    }

    private static JsonObject summary(JsonObject room) {
        return new JsonObject()
            .put("id", room.getString("id"))
            .put("title", room.getString("title"))
            .put("private", room.getBoolean("private"))
            .put("capacity", room.getInteger("capacity"))
            .put("memberCount", room.getInteger("memberCount"))
            .put("owner", room.getJsonObject("owner").getString("colour"))
            .put("createdAt", room.getLong("createdAt"))
            .put("messageCount", room.getLong("messageCount"))
            .put("lastActivity", room.getLong("lastActivity"));
    }
}
