package com.gifchat.http;

import com.gifchat.bus.Bus;
import com.gifchat.bus.Failure;
import com.gifchat.gifs.ImageInfo;
import com.gifchat.gifs.ImageProbe;
import com.gifchat.limits.Limits;
import com.gifchat.limits.Verdict;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.RoutingContext;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

import static com.gifchat.bus.Addresses.*;

/**
 * Image upload and download. An upload is streamed to a temporary file by the body handler, judged by its bytes,
 * and handed to the rooms verticle on this node; a download is sent from this node's cache of GridFS files.
 */
final class Gifs {

    static final String FIELD = "gif";
    private static final String JSON = "application/json; charset=utf-8";
    private static final String ONE_YEAR_IMMUTABLE = "public, max-age=31536000, immutable";
    private static final int MAX_NAME_LENGTH = 100;
    private static final long KIBIBYTE = 1024;
    private static final long MEBIBYTE = KIBIBYTE * KIBIBYTE;
    private static final String UNSUPPORTED = "Only GIF, PNG, JPEG or WebP images can be sent.";

    private final Vertx vertx;
    private final EventBus bus;
    private final long maxBytes;
    private final Limits limits;

    Gifs(Vertx vertx, long maxBytes, Limits limits) {
        this.vertx = vertx;
        this.bus = vertx.eventBus();
        this.maxBytes = maxBytes;
        this.limits = limits;
    }

    /** Uploads per person: decided at once, before the body is read, so a refused upload costs no disk or CPU. */
    void limit(RoutingContext rc) {
        Verdict verdict = limits.upload(Visitor.of(rc).identity().id());
        if (verdict.allowed()) {
            rc.next();
        } else {
            fail(rc, verdict.refusal());
        }
    }

    String tooLarge() {
        return "That file is larger than " + humanSize(maxBytes) + ".";
    }

    static String humanSize(long bytes) {
        return bytes >= MEBIBYTE && bytes % MEBIBYTE == 0 ? bytes / MEBIBYTE + " MiB" : bytes / KIBIBYTE + " KiB";
    }

    void upload(RoutingContext rc) {
        Visitor visitor = Visitor.of(rc);
        String roomId = rc.pathParam("id");
        Optional<FileUpload> upload = rc.fileUploads().stream().filter(file -> FIELD.equals(file.name())).findFirst();
        Future<JsonObject> posted;
        if (upload.isEmpty()) {
            posted = Failure.BAD_INPUT.future("Choose an image to send (form field 'gif').");
        } else if (upload.get().size() > maxBytes) {
            posted = Failure.TOO_LARGE.future(tooLarge());
        } else {
            FileUpload file = upload.get();
            posted = admitted(visitor, roomId)
                .compose(v -> vertx.executeBlocking(() -> ImageProbe.probe(Path.of(file.uploadedFileName())), false))
                .compose(image -> image.map(Future::succeededFuture).orElseGet(() -> Failure.UNSUPPORTED_TYPE.future(UNSUPPORTED)))
                .compose(image -> Bus.requestLocally(bus, ROOMS_GIF, new JsonObject()
                    .put("roomId", roomId)
                    .put("user", visitor.identity().toJson())
                    .put("upload", describe(file, image))));
        }
        posted.onSuccess(reply -> rc.response().setStatusCode(201).putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(reply.encode()))
            .onFailure(error -> fail(rc, error));
    }

    /** The same rule as for history: anybody may post into a public room, only admitted people into a private one. */
    private Future<Void> admitted(Visitor visitor, String roomId) {
        return Bus.request(bus, ROOMS_GET, new JsonObject().put("id", roomId).put("userId", visitor.identity().id()))
            .compose(found -> found.getJsonObject("room").getBoolean("private") && !found.getBoolean("owner")
                && !visitor.admittedTo(roomId)
                ? Failure.NOT_ADMITTED.future("This room is private: enter its password first.")
                : Future.succeededFuture());
    }

    private static JsonObject describe(FileUpload file, ImageInfo image) {
        return image.toJson()
            .put("path", file.uploadedFileName())
            .put("size", file.size())
            .put("originalName", cleanName(file.fileName()));
    }

    /** Kept only as metadata, never used to store or serve: letters, digits, dot, dash and underscore survive. */
    static String cleanName(String name) {
        String base = name == null ? "" : name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        String clean = base.replaceAll("[^A-Za-z0-9._-]", "_");
        return clean.length() > MAX_NAME_LENGTH ? clean.substring(0, MAX_NAME_LENGTH) : clean;
    }

    void serve(RoutingContext rc) {
        String fileId = rc.pathParam("fileId");
        String etag = "\"" + fileId + "\"";
        Bus.requestLocally(bus, STORE_GIF_FETCH, new JsonObject().put("fileId", fileId))
            .onSuccess(file -> {
                rc.response()
                    .putHeader(HttpHeaders.ETAG, etag)
                    .putHeader(HttpHeaders.CACHE_CONTROL, ONE_YEAR_IMMUTABLE)
                    .putHeader(HttpHeaders.CONTENT_TYPE, file.getString("contentType"));
                if (matches(rc.request().getHeader(HttpHeaders.IF_NONE_MATCH), etag)) {
                    rc.response().setStatusCode(304).end();
                } else {
                    rc.response().sendFile(file.getString("path"));
                }
            })
            .onFailure(error -> fail(rc, error));
    }

    /** If-None-Match holds "*" or a list of tags, weak ones included (W/"…"); any of them may be ours. */
    private static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        return Arrays.stream(ifNoneMatch.split(","))
            .map(String::trim)
            .map(tag -> tag.startsWith("W/") ? tag.substring(2) : tag)
            .anyMatch(tag -> tag.equals("*") || tag.equals(etag));
    }

    void failedUpload(RoutingContext rc) {
        Throwable error = rc.statusCode() == 413 ? Failure.TOO_LARGE.exception(tooLarge())
            : rc.failure() != null ? rc.failure() : Failure.BAD_INPUT.exception("The upload could not be read.");
        fail(rc, error);
    }

    private static void fail(RoutingContext rc, Throwable error) {
        if (rc.response().headWritten()) {
            rc.response().reset();
            return;
        }
        HttpFailures.retryAfter(rc.response(), error);
        rc.response()
            .setStatusCode(HttpFailures.status(Failure.of(error)))
            .putHeader(HttpHeaders.CONTENT_TYPE, JSON)
            .end(HttpFailures.body(error).encode());
    }
}
