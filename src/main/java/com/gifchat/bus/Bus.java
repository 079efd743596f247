package com.gifchat.bus;

import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Function;

/**
 * JSON request/reply between the verticles of one node, the same way everywhere: reply with the result, fail with a
 * {@link Failure}. Besides operators' admin.* requests and messages handed to their room's writer, what crosses
 * nodes is published ({@link Addresses}).
 */
public final class Bus {

    private static final Logger log = LoggerFactory.getLogger(Bus.class);
    /** Never changed after this, so one instance serves every request. */
    private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true);

    private Bus() {
    }

    /**
     * Serves {@code address} for this node: each request body goes to {@code handler}; its result is the reply (null
     * replies an empty object). Completes once the consumer is registered. Every node serves the same addresses on
     * the same database, so a request needs another node only where one node must do the work for all (see
     * {@link Addresses}).
     */
    public static Future<Void> serveLocally(EventBus bus, String address, Function<JsonObject, Future<JsonObject>> handler) {
        return bus.<JsonObject>localConsumer(address, request -> answer(address, request, handler)).completion();
    }

    /**
     * Serves {@code address} for the whole cluster, answered like {@link #serveLocally}: for the few requests that
     * must reach one particular node ({@link Addresses#roomWriter}). The consumer, to stop serving; its
     * {@code completion()} says when it is registered.
     */
    public static MessageConsumer<JsonObject> serveCluster(EventBus bus, String address,
                                                           Function<JsonObject, Future<JsonObject>> handler) {
        return bus.consumer(address, request -> answer(address, request, handler));
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

    /** Asks this node's consumer of {@code address}: no look-up in the cluster, and no answer from another node. */
    public static Future<JsonObject> requestLocally(EventBus bus, String address, JsonObject body) {
        return bus.<JsonObject>request(address, body, LOCAL).map(Message::body);
    }
}
