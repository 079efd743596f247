package com.gifchat.store;

import com.gifchat.bus.Failure;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.UpdateOptions;

import java.util.List;

/** Small helpers every data-access class of the store shares: ids as the other layers name them, common options. */
final class Documents {

    private Documents() {
    }

    static Future<JsonObject> noSuchRoom() {
        return Failure.NO_SUCH_ROOM.future("no such room");
    }

    /** Mongo keeps the id in _id; every other layer calls it id. */
    static JsonObject withId(JsonObject document) {
        JsonObject copy = document.copy();
        copy.put("id", copy.remove("_id"));
        return copy;
    }

    static UpdateOptions returningNew() {
        return new UpdateOptions().setReturningNewDocument(true);
    }

    static FindOptions fields(JsonObject projection) {
        return new FindOptions().setFields(projection);
    }

    static JsonArray withIds(List<JsonObject> documents) {
        return new JsonArray(documents.stream().map(Documents::withId).toList());
    }
}
