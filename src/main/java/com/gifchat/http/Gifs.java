package com.gifchat.http;

import com.gifchat.bus.Bus;
import com.gifchat.bus.Failure;
import com.gifchat.gifs.ImageLimits;
import com.gifchat.gifs.ImageProbe;
import com.gifchat.gifs.ImageProbe.AcceptedImage;
import com.gifchat.gifs.UnacceptableImage;
import com.gifchat.limits.ClientHash;
import com.gifchat.limits.Limits;
import com.gifchat.limits.TrustedProxies;
import com.gifchat.limits.Verdict;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.sstore.SessionStore;

import java.nio.file.Path;
import java.util.Optional;

import static com.gifchat.bus.Addresses.*;

/**
 * Image upload and download. An upload from a person in the room is streamed to a temporary file by the body
 * handler, judged by its bytes, and handed to the rooms verticle on this node; a download is sent from this node's
 * cache of GridFS files, to anybody for a public room's image, only to people admitted for a private room's.
 */
final class Gifs {

    static final String FIELD = "gif";
    private static final String JSON = "application/json; charset=utf-8";
    /** Anybody may keep a public room's image, shared caches included: it never changes. */
    private static final String PUBLIC_IMMUTABLE = "public, max-age=31536000, immutable";
    /** A private room's image is fetched anew each time, and never kept by a shared cache or on disk. */
    private static final String PRIVATE_NO_STORE = "private, no-store";
    /**
     * An image opened on its own is shown as an image, and can run nothing even if a browser sniffs it otherwise. By
     * hand: vertx-web's CSPHandler writes a directive without a value, sandbox, with a trailing space.
     */
    private static final String IMAGE_POLICY = "default-src 'none'; sandbox";
    private static final int MAX_NAME_LENGTH = 100;
    private static final long KIBIBYTE = 1024;
    private static final long MEBIBYTE = KIBIBYTE * KIBIBYTE;
    private static final String NOT_IN_ROOM = "Only people in this room can send images to it. Enter the room first.";

    private final Vertx vertx;
    private final EventBus bus;
    private final long maxBytes;
    private final ImageLimits limits;
    private final Limits rateLimits;
    private final TrustedProxies proxies;
    private final WorkerExecutor checks;
    private final SessionStore sessions;
    private final String sessionCookie;

    /**
     * {@code checks} reads and decodes uploads: a pool of its own, so however many arrive at once, they take no more
     * than its threads' share of the CPU and never the threads other blocking work waits for.
     */
    Gifs(Vertx vertx, long maxBytes, ImageLimits limits, WorkerExecutor checks, SessionStore sessions,
         String sessionCookie, Limits rateLimits, TrustedProxies proxies) {
        this.vertx = vertx;
        this.bus = vertx.eventBus();
        this.maxBytes = maxBytes;
        this.limits = limits;
        this.checks = checks;
        this.sessions = sessions;
        this.sessionCookie = sessionCookie;
        this.rateLimits = rateLimits;
        this.proxies = proxies;
    }

    /** Uploads per person: decided at once, before the body is read, so a refused upload costs no disk or CPU. */
    void limit(RoutingContext rc) {
        Verdict verdict = rateLimits.upload(Visitor.of(rc).identity().id());
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
        String address = ClientHash.of(proxies.clientOf(rc.request()));
        Optional<FileUpload> upload = rc.fileUploads().stream().filter(file -> FIELD.equals(file.name())).findFirst();
        Future<JsonObject> posted;
        if (upload.isEmpty()) {
            posted = Failure.BAD_INPUT.future("Choose an image to send (form field 'gif').");
        } else if (upload.get().size() > maxBytes) {
            posted = Failure.TOO_LARGE.future(tooLarge());
        } else {
            FileUpload file = upload.get();
            // the rooms verticle checks membership again when it stores: this check spares decoding an outsider's file
            posted = inRoom(visitor, roomId, address)
                .compose(v -> checks.executeBlocking(() -> ImageProbe.accept(Path.of(file.uploadedFileName()), limits), false))
                .recover(error -> Future.failedFuture(refusal(error)))
                .compose(image -> Bus.requestLocally(bus, ROOMS_GIF, new JsonObject()
                        .put("roomId", roomId)
                        .put("user", visitor.identity().toJson())
                        .put("address", address)
                        .put("upload", describe(file, image)))
                    .andThen(done -> discardCopy(file, image)));
        }
        posted.onSuccess(reply -> rc.response().setStatusCode(201).putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(reply.encode()))
            .onFailure(error -> fail(rc, error));
    }

    /** Writing is for people in the room right now, as on the bridge: a kicked person, or one who never entered, is not. */
    private Future<Void> inRoom(Visitor visitor, String roomId, String address) {
        JsonObject banned = new JsonObject().put("personId", visitor.identity().id()).put("address", address);
        return Bus.requestLocally(bus, ROOMS_BAN_CHECK, banned)
            .compose(v -> Bus.requestLocally(bus, ROOMS_GET, new JsonObject().put("id", roomId).put("userId", visitor.identity().id())))
            .compose(found -> found.getBoolean("member") ? Future.succeededFuture() : Failure.NOT_ADMITTED.future(NOT_IN_ROOM));
    }

    private static Throwable refusal(Throwable error) {
        if (!(error instanceof UnacceptableImage image)) {
            return error;
        }
        return switch (image.reason()) {
            case NOT_AN_IMAGE, DAMAGED -> Failure.UNSUPPORTED_TYPE.exception(image.getMessage());
            case TOO_BIG -> Failure.TOO_LARGE.exception(image.getMessage());
        };
    }

    /** A copy without metadata is this handler's to delete; the upload itself goes with the request. */
    private void discardCopy(FileUpload file, AcceptedImage image) {
        if (!image.file().equals(Path.of(file.uploadedFileName()))) {
            vertx.fileSystem().delete(image.file().toString());
        }
    }

    private static JsonObject describe(FileUpload file, AcceptedImage image) {
        return image.info().toJson()
            .put("path", image.file().toString())
            .put("size", file.size())
            .put("originalName", cleanName(file.fileName()));
    }

    /** Kept only as metadata, never used to store or serve: letters, digits, dot, dash and underscore survive. */
    static String cleanName(String name) {
        String base = name == null ? "" : name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        String clean = base.replaceAll("[^A-Za-z0-9._-]", "_");
        return clean.length() > MAX_NAME_LENGTH ? clean.substring(0, MAX_NAME_LENGTH) : clean;
    }

    /**
     * Sends an image to whoever may see it. Whether anybody asked for a private room's image that they may not see,
     * or for no image at all, they get the same 404: the answer never tells that an image exists.
     */
    void serve(RoutingContext rc) {
        String fileId = rc.pathParam("fileId");
        Bus.requestLocally(bus, STORE_GIF_FETCH, new JsonObject().put("fileId", fileId))
            .compose(file -> cacheControl(rc, file.getString("roomId")).map(cacheControl -> {
                rc.etag(fileId).response()
                    .putHeader(HttpHeaders.CACHE_CONTROL, cacheControl)
                    .putHeader(HttpHeaders.CONTENT_TYPE, file.getString("contentType"))
                    .putHeader(HttpHeaders.CONTENT_DISPOSITION, "inline")
                    .putHeader("Content-Security-Policy", IMAGE_POLICY);
                return file.getString("path");
            }))
            .onSuccess(path -> {
                if (rc.isFresh()) {
                    rc.response().setStatusCode(304).end();
                } else {
                    rc.response().sendFile(path).onFailure(error -> fail(rc, error));
                }
            })
            .onFailure(error -> fail(rc, Failure.of(error) == Failure.NO_SUCH_ROOM ? noSuchImage() : error));
    }

    /**
     * A public room's images are anybody's; a private room's only its owner's and those of people admitted to it,
     * the rule of its history. The session is read without creating one, so no image response ever sets a cookie.
     */
    private Future<String> cacheControl(RoutingContext rc, String roomId) {
        return Visitor.peek(rc, sessions, sessionCookie).compose(visitor -> Bus.requestLocally(bus, ROOMS_GET, new JsonObject()
                .put("id", roomId).put("userId", visitor.flatMap(Visitor::knownId).orElse("")))
            .compose(found -> {
                if (!found.getJsonObject("room").getBoolean("private")) {
                    return Future.succeededFuture(PUBLIC_IMMUTABLE);
                }
                boolean admitted = found.getBoolean("owner") || visitor.map(v -> v.admittedTo(roomId)).orElse(false);
                return admitted ? Future.succeededFuture(PRIVATE_NO_STORE) : Future.failedFuture(noSuchImage());
            }));
    }

    private static Throwable noSuchImage() {
        return Failure.NO_SUCH_FILE.exception("There is no such image.");
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
        // an error is nobody's to keep, whatever was said about the image it was meant to be
        rc.response().headers().remove(HttpHeaders.ETAG).remove(HttpHeaders.CACHE_CONTROL).remove(HttpHeaders.CONTENT_DISPOSITION);
        rc.response()
            .setStatusCode(HttpFailures.refusal(rc.response(), error))
            .putHeader(HttpHeaders.CONTENT_TYPE, JSON)
            .end(HttpFailures.body(error).encode());
    }
}
