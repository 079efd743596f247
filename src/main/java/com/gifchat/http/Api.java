package com.gifchat.http;

import com.gifchat.bus.Bus;
import com.gifchat.bus.Failure;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.function.Function;

import static com.gifchat.bus.Addresses.*;

/**
 * JSON endpoints for the pages' scripts and for any other client. Errors come back as {error: {code, message}}.
 * Nothing is kept by a cache: a private room's history is the admitted visitor's only, and the rest changes live.
 */
final class Api {

    private static final String JSON = "application/json; charset=utf-8";
    private static final String NO_STORE = "no-store";

    private final EventBus bus;

    Api(EventBus bus) {
        this.bus = bus;
    }

    /** One page of rooms, newest first ({@code ?page=}, from 1): {rooms, page, pageSize, hasMore}. */
    void listRooms(RoutingContext rc) {
        JsonObject request = new JsonObject();
        respond(rc, number(rc, "page", request, Integer::valueOf).compose(v -> Bus.requestLocally(bus, ROOMS_LIST, request)));
    }

    /**
     * A page of a room's history (the newest, {@code before} a number, or {@code after} one, as a page that reconnects
     * catches up); a private room's only to a session that was admitted to it.
     */
    void history(RoutingContext rc) {
        Visitor visitor = Visitor.of(rc);
        String id = rc.pathParam("id");
        JsonObject page = new JsonObject().put("roomId", id);
        Future<JsonObject> reply = number(rc, "before", page, Long::valueOf)
            .compose(v -> number(rc, "after", page, Long::valueOf))
            .compose(v -> number(rc, "limit", page, Integer::valueOf))
            .compose(v -> mayRead(visitor, id))
            .compose(v -> Bus.requestLocally(bus, ROOMS_HISTORY, page));
        respond(rc, reply);
    }

    /** Who is in a room now ({people: [{colour}]}, in the order they came); like the history, a private room's only to its admitted. */
    void people(RoutingContext rc) {
        Visitor visitor = Visitor.of(rc);
        String id = rc.pathParam("id");
        respond(rc, mayRead(visitor, id).compose(v -> Bus.requestLocally(bus, ROOMS_PEOPLE, new JsonObject().put("roomId", id))));
    }

    private Future<Void> mayRead(Visitor visitor, String roomId) {
        return Bus.requestLocally(bus, ROOMS_GET, new JsonObject().put("id", roomId).put("userId", visitor.identity().id()))
            .compose(found -> found.getJsonObject("room").getBoolean("private") && !found.getBoolean("owner")
                && !visitor.admittedTo(roomId)
                ? Failure.NOT_ADMITTED.future("This room is private: enter its password first.")
                : Future.succeededFuture());
    }

    void deleteRoom(RoutingContext rc) {
        JsonObject request = new JsonObject().put("id", rc.pathParam("id")).put("userId", Visitor.of(rc).identity().id());
        Bus.requestLocally(bus, ROOMS_DELETE, request)
            .onSuccess(reply -> rc.response().setStatusCode(204).end())
            .onFailure(error -> fail(rc, error));
    }

    private static Future<Void> number(RoutingContext rc, String name, JsonObject into, Function<String, Number> parse) {
        String raw = rc.queryParams().get(name);
        if (raw == null || raw.isBlank()) {
            return Future.succeededFuture();
        }
        try {
            into.put(name, parse.apply(raw.trim()));
            return Future.succeededFuture();
        } catch (NumberFormatException e) {
            return Failure.BAD_INPUT.future("'" + name + "' must be a whole number.");
        }
    }

    private static void respond(RoutingContext rc, Future<JsonObject> reply) {
        reply.onSuccess(body -> rc.response()
                .putHeader(HttpHeaders.CONTENT_TYPE, JSON)
                .putHeader(HttpHeaders.CACHE_CONTROL, NO_STORE)
                .end(body.encode()))
            .onFailure(error -> fail(rc, error));
    }

    static void fail(RoutingContext rc, Throwable error) {
        rc.response()
            .setStatusCode(HttpFailures.refusal(rc.response(), error))
            .putHeader(HttpHeaders.CONTENT_TYPE, JSON)
            .putHeader(HttpHeaders.CACHE_CONTROL, NO_STORE)
            .end(HttpFailures.body(error).encode());
    }
}
