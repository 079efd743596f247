package com.gifchat.rooms;

import com.gifchat.bus.Bus;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;

import static com.gifchat.bus.Addresses.roomWriter;

/**
 * Hands each message to its room's one writer ({@link RoomOwners}): this node's {@link MessageWriter} when this node
 * owns the room, the owner's otherwise, which stores it, publishes it and answers with it as published. A sender on any
 * node thus gets the room's order, its numbers without a race, and its retries recognised.
 */
final class RoomWriting {

    private final EventBus bus;
    private final RoomOwners owners;
    private final MessageWriter writer;
    private MessageConsumer<JsonObject> served;

    RoomWriting(EventBus bus, RoomOwners owners, MessageWriter writer) {
        this.bus = bus;
        this.owners = owners;
        this.writer = writer;
    }

    /**
     * Serves the messages other nodes hand to this node's writer; completes once registered cluster-wide, which is
     * how the other nodes' {@link RoomOwners} learn that this node writes.
     */
    Future<Void> serve() {
        served = Bus.serveCluster(bus, roomWriter(owners.self()),
            request -> writer.append(request.getString("roomId"), request.getJsonObject("message")));
        return served.completion();
    }

    /**
     * This node drains before it stops: the other nodes stop choosing it as a room's owner once they read the writers
     * again (within 200 ms). A message another node sends it in that moment reaches no handler here and is not
     * answered: its sender's page is told to try again after the event bus's timeout, and its client id keeps it from
     * being stored twice. What this node's writer holds is still stored (the drain waits for the store).
     */
    Future<Void> stopServing() {
        return served == null ? Future.succeededFuture() : served.unregister();
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
