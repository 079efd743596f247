package com.gifchat.rooms;

import com.gifchat.bus.Bus;
import com.gifchat.bus.Failure;
import com.gifchat.metrics.AppMetrics;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;

import java.util.function.BiFunction;

import static com.gifchat.bus.Addresses.STORE_GIF_DELETE;
import static com.gifchat.bus.Addresses.STORE_GIF_PUT;
import static com.gifchat.bus.Addresses.isRoomId;

/**
 * Writing in a room: text and image messages, checked here, then stored and published in order by the room's writer
 * ({@link RoomWriting}).
 */
final class Posting {

    private final EventBus bus;
    private final RoomRules rules;
    private final SlowMode slowMode;
    private final Banning banning;
    private final RoomWriting writer;
    /** The store's reply for a room, and whether a person is in it. */
    private final BiFunction<String, String, Future<JsonObject>> findWithMember;

    Posting(EventBus bus, RoomRules rules, SlowMode slowMode, Banning banning, RoomWriting writer,
            BiFunction<String, String, Future<JsonObject>> findWithMember) {
        this.bus = bus;
        this.rules = rules;
        this.slowMode = slowMode;
        this.banning = banning;
        this.writer = writer;
        this.findWithMember = findWithMember;
    }

    /**
     * A chat message: validated, stored, then published to the room. The reply reaches the sender after storage.
     * Messages of one room are stored and published in the order they reach its writer (see {@link MessageWriter}).
     */
    Future<JsonObject> text(JsonObject request) {
        String roomId = request.getString("roomId");
        JsonObject user = request.getJsonObject("user");
        if (!isRoomId(roomId) || user == null) {
            return Failure.BAD_INPUT.future("A message needs a room and a sender.");
        }
        Object clientId = request.getValue("clientId");
        if (clientId != null && !(clientId instanceof String id && RoomRules.isClientId(id))) {
            return Failure.BAD_INPUT.future("'clientId' must be 1 to " + RoomRules.MAX_CLIENT_ID_LENGTH
                + " letters, digits, '-' or '_'.");
        }
        return rules.text(request.getValue("text"))
            .compose(text -> slowMode.admit(roomId, user.getString("id")).map(text))
            .compose(text -> writer.append(roomId, new JsonObject()
                .put("type", RoomViews.TEXT)
                .put("text", text)
                .put("user", user)
                .put("at", System.currentTimeMillis())
                .put("clientId", clientId)))
            .map(message -> new JsonObject().put("id", message.getString("id")).put("seq", message.getLong("seq")))
            .onComplete(done -> AppMetrics.count("messages", "result", done.succeeded() ? "accepted" : Failure.of(done.cause()).name()));
    }

    /**
     * An image message: the uploaded file goes into the store, then the message that shows it. Only a person in the
     * room now may post one, as on the bridge: one who never entered, or was kicked, may not. If the message cannot
     * be stored (the room went away meanwhile), the file is removed again, so no image outlives its room.
     */
    Future<JsonObject> image(JsonObject request) {
        String roomId = request.getString("roomId");
        JsonObject user = request.getJsonObject("user");
        JsonObject upload = request.getJsonObject("upload");
        JsonObject file = new JsonObject()
            .put("path", upload.getString("path"))
            .put("roomId", roomId)
            .put("contentType", upload.getString("contentType"))
            .put("width", upload.getInteger("width"))
            .put("height", upload.getInteger("height"))
            .put("originalName", upload.getString("originalName"))
            .put("uploaderId", user.getString("id"));
        return banning.check(user.getString("id"), request.getString("address"))
            .compose(v -> findWithMember.apply(roomId, user.getString("id")))
            .compose(found -> found.getBoolean("member") ? Bus.requestLocally(bus, STORE_GIF_PUT, file)
                : Failure.NOT_ADMITTED.future("Only people in this room can send images to it. Enter the room first."))
            .compose(stored -> {
                String fileId = stored.getString("fileId");
                JsonObject gif = new JsonObject()
                    .put("id", fileId)
                    .put("contentType", file.getString("contentType"))
                    .put("width", file.getInteger("width"))
                    .put("height", file.getInteger("height"));
                return writer.append(roomId, new JsonObject().put("type", RoomViews.GIF).put("gif", gif).put("user", user).put("at", System.currentTimeMillis()))
                    .recover(error -> mayHaveBeenStored(error) ? Future.failedFuture(error)
                        : Bus.requestLocally(bus, STORE_GIF_DELETE, new JsonObject().put("fileId", fileId))
                            .transform(deleted -> Future.failedFuture(error)));
            })
            .map(message -> new JsonObject().put("message", message))
            .onComplete(done -> AppMetrics.count("uploads", "result", done.succeeded() ? "stored" : Failure.of(done.cause()).name()));
    }

    /**
     * Whether a message that failed may be stored all the same: when no answer came in time, its writer may still
     * store it, and its image must then stay (a room's removal takes its images with it).
     */
    private static boolean mayHaveBeenStored(Throwable error) {
        return error instanceof ReplyException reply && reply.failureType() == ReplyFailure.TIMEOUT;
    }
}
