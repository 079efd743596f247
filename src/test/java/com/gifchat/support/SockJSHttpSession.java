package com.gifchat.support;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static com.gifchat.support.TestApp.WAIT;
import static com.gifchat.support.TestApp.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * One browser tab's SockJS session on an HTTP transport, spoken as sockjs-client speaks it: the session is
 * /eventbus/&lt;server&gt;/&lt;session&gt;/, bridge frames go up in xhr_send posts (a JSON array of JSON texts) and come
 * down in "a[...]" frames, of xhr long polls or of one xhr_streaming response. Every request carries the Origin of
 * the pages, as a browser's would, and each goes on a new connection, as a proxy may route each one anew.
 */
public final class SockJSHttpSession implements AutoCloseable {

    private final WebClient web;
    private final HttpClient http;
    private final int port;
    private final String origin;
    private final String base = "/eventbus/000/" + UUID.randomUUID().toString().replace("-", "") + "/";
    private final List<JsonObject> polled = new ArrayList<>();
    private final LinkedBlockingQueue<JsonObject> streamed = new LinkedBlockingQueue<>();
    private HttpClientResponse stream;

    public SockJSHttpSession(Vertx vertx, int port, String origin) {
        this.port = port;
        this.origin = origin;
        this.web = WebClient.create(vertx, new WebClientOptions().setKeepAlive(false));
        this.http = vertx.createHttpClient();
    }

    private HttpResponse<Buffer> post(String transport, String body) {
        var request = web.post(port, "127.0.0.1", base + transport).putHeader("Origin", origin);
        return await(body == null ? request.send() : request.sendBuffer(Buffer.buffer(body)));
    }

    /** Opens the session on xhr polling; the first poll answers "o". */
    public void openPolling() {
        HttpResponse<Buffer> open = post("xhr", null);
        assertEquals(200, open.statusCode(), open.bodyAsString());
        assertEquals("o\n", open.bodyAsString(), "the session opens");
    }

    /** Opens the session on xhr streaming: one response that stays open and carries every frame as it comes. */
    public void openStreaming() {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port)
            .setURI(base + "xhr_streaming").putHeader("Origin", origin);
        StringBuilder partial = new StringBuilder();
        stream = await(http.request(options).compose(request -> request.send())
            .onSuccess(response -> response.handler(chunk -> {
                // SockJS frames end with a line break; a chunk need not end with one
                partial.append(chunk.toString());
                int end = partial.lastIndexOf("\n");
                if (end >= 0) {
                    streamed.addAll(frames(partial.substring(0, end)));
                    partial.delete(0, end + 1);
                }
            })));
        assertEquals(200, stream.statusCode());
    }

    public void send(JsonObject frame) {
        HttpResponse<Buffer> response = post("xhr_send", new JsonArray().add(frame.encode()).encode());
        assertEquals(204, response.statusCode(), response.bodyAsString());
    }

    /** The next bridge frame that matches, from the stream or by polling; the others are kept for later calls. */
    public JsonObject next(Predicate<JsonObject> wanted) {
        return stream != null ? nextStreamed(wanted) : nextPolled(wanted);
    }

    private JsonObject nextPolled(Predicate<JsonObject> wanted) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (JsonObject frame : polled) {
                if (wanted.test(frame)) {
                    polled.remove(frame);
                    return frame;
                }
            }
            String body = post("xhr", null).bodyAsString();
            assertFalse(body.startsWith("c"), "the session was closed: " + body);
            polled.addAll(frames(body));
        }
        throw new AssertionError("no matching frame within " + WAIT + "; received: " + polled);
    }

    private JsonObject nextStreamed(Predicate<JsonObject> wanted) {
        for (JsonObject frame : polled) {
            if (wanted.test(frame)) {
                polled.remove(frame);
                return frame;
            }
        }
        long deadline = System.nanoTime() + WAIT.toNanos();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                JsonObject frame = left <= 0 ? null : streamed.poll(left, TimeUnit.NANOSECONDS);
                if (frame == null) {
                    throw new AssertionError("no matching frame within " + WAIT + "; received: " + polled);
                }
                if (wanted.test(frame)) {
                    return frame;
                }
                polled.add(frame);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The next message delivered on {@code address} whose body matches. */
    public JsonObject nextOn(String address, Predicate<JsonObject> body) {
        return next(frame -> "rec".equals(frame.getString("type")) && address.equals(frame.getString("address"))
            && body.test(frame.getJsonObject("body"))).getJsonObject("body");
    }

    /** The bridge frames in SockJS frames ("a" and a JSON array of JSON texts); "o", "h" and the prelude hold none. */
    private static List<JsonObject> frames(String sockJsFrames) {
        List<JsonObject> frames = new ArrayList<>();
        for (String line : sockJsFrames.split("\n")) {
            if (line.startsWith("a")) {
                new JsonArray(line.substring(1)).forEach(text -> frames.add(new JsonObject((String) text)));
            }
        }
        return frames;
    }

    @Override
    public void close() {
        if (stream != null) {
            stream.request().connection().close();
        }
        web.close();
        http.close();
    }
}
