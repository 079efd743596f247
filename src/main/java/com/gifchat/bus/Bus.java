package com.gifchat.bus;

import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Function;

/** Registers JSON request/reply consumers the same way everywhere: reply with the result, fail with a {@link Failure}. */
public final class Bus {

    private static final Logger log = LoggerFactory.getLogger(Bus.class);

    private Bus() {
    }

    /**
     * Serves {@code address}: each request body goes to {@code handler}; its result is the reply (null replies an
     * empty object). Completes once the consumer is registered (cluster-wide when clustered).
     */
    public static Future<Void> serve(EventBus bus, String address, Function<JsonObject, Future<JsonObject>> handler) {
        return bus.<JsonObject>consumer(address, request -> answer(address, request, handler)).completion();
    }

    /** Serves requests made on this node only: they name files on this node's disk. */
    public static Future<Void> serveLocally(EventBus bus, String address, Function<JsonObject, Future<JsonObject>> handler) {
        return bus.<JsonObject>localConsumer(address, request -> answer(address, request, handler)).completion();
    }

    private static void answer(String address, Message<JsonObject> request,
                               Function<JsonObject, Future<JsonObject>> handler) {
        Future<JsonObject> result;
        try {
            JsonObject body = request.body() == null ? new JsonObject() : request.body();
            result = handler.apply(body);
        } catch (ClassCastException | IllegalArgumentException e) {
            result = Failure.BAD_INPUT.future("malformed request: " + e.getMessage());
        } catch (RuntimeException e) {
            result = Future.failedFuture(e);
        }
        result.onSuccess(reply -> request.reply(reply == null ? new JsonObject() : reply))
            .onFailure(error -> {
                if (!(error instanceof ReplyException)) {
                    log.error("{} failed unexpectedly and was answered as an internal error: a bug, please report it with "
                        + "this trace", address, error);
                }
                Failure.reply(request, error);
            });
    }

    public static Future<JsonObject> request(EventBus bus, String address, JsonObject body) {
        return bus.<JsonObject>request(address, body).map(Message::body);
    }

    /** For requests that name files on this node's disk: they must be answered on this node. */
    public static Future<JsonObject> requestLocally(EventBus bus, String address, JsonObject body) {
        return bus.<JsonObject>request(address, body, new DeliveryOptions().setLocalOnly(true)).map(Message::body);
    }
}
