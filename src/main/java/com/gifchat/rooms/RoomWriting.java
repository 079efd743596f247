package com.gifchat.rooms;

import com.gifchat.bus.Bus;
import com.gifchat.bus.Failure;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;

import static com.gifchat.bus.Addresses.ROOM_OWNING_PREFIX;
import static com.gifchat.bus.Addresses.roomOwning;
import static com.gifchat.bus.Addresses.roomWriter;

/**
 * Hands each message to its room's one writer ({@link RoomOwners}): this node's {@link MessageWriter} when this node
 * owns the room, the owner's otherwise, which stores it, publishes it and answers with it as published. A sender on any
 * node thus gets the room's order, its numbers without a race, and its retries recognised.
 */
final class RoomWriting {

    /** Stores and publishes one message of a room this node writes: {@link MessageWriter#append}. */
    interface Writer {
        Future<JsonObject> append(String roomId, JsonObject message);
    }

    private final EventBus bus;
    private final RoomOwners owners;
    private final Writer writer;
    private MessageConsumer<JsonObject> owning;

    RoomWriting(EventBus bus, RoomOwners owners, Writer writer) {
        this.bus = bus;
        this.owners = owners;
        this.writer = writer;
    }

    /**
     * Serves the messages other nodes hand to this node's writer, then registers this node as a candidate owner; the
     * other nodes' {@link RoomOwners} learn from that registration that this node writes. Completes once both are
     * registered cluster-wide. The writer stays served until the node stops.
     */
    Future<Void> serve() {
        return Bus.serveCluster(bus, roomWriter(owners.self()),
                request -> writer.append(request.getString("roomId"), request.getJsonObject("message")))
            .completion()
            .compose(v -> {
                owning = Bus.serveCluster(bus, roomOwning(owners.self()),
                    request -> Failure.BAD_INPUT.future("nothing is sent to " + ROOM_OWNING_PREFIX + "<node>"));
                return owning.completion();
            });
    }

    /**
     * This node drains before it stops: the other nodes stop choosing it as a room's owner once they read the owners
     * again (within 200 ms). A message another node sends it in that moment is still stored and published here (the
     * store works until the drain's end, which waits for it); the room's order across the two writers is not kept
     * for those few, as whenever the owners change.
     */
    Future<Void> stopOwning() {
        return owning == null ? Future.succeededFuture() : owning.unregister();
    }
    /** As {@link MessageWriter#append}, on the room's owner. */
    Future<JsonObject> append(String roomId, JsonObject message) {
        String owner = owners.ownerOf(roomId);
        if (owner.equals(owners.self())) {
            return writer.append(roomId, message);
        }
        JsonObject request = new JsonObject().put("roomId", roomId).put("message", message);
        // the event bus's default timeout, as for this node's own store: a busy owner may take longer than one
        // database command, and a sender told to try again too early could send a message twice
        return bus.<JsonObject>request(roomWriter(owner), request)
            .map(Message::body)
            // the owner left before this node heard: until the member list catches up, this node writes the room
            .recover(error -> error instanceof ReplyException reply && reply.failureType() == ReplyFailure.NO_HANDLERS
                ? writer.append(roomId, message) : Future.failedFuture(error));
    }
}
