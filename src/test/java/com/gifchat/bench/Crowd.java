package com.gifchat.bench;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.client.WebClientSession;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The load generator: simulated people, each a Vert.x WebSocket client speaking the SockJS bridge protocol at
 * /eventbus/websocket, the way the browser's bridge client does (register with headers, ping, send with a reply).
 */
final class Crowd implements AutoCloseable {

    private static final Pattern TICKET = Pattern.compile("data-ticket=\"([^\"]+)\"");
    /** The browser client's default; the bridge drops a socket that stays silent for 10 s. */
    private static final long PING_MS = 5000;
    private static final int MAX_CONNECTIONS = 10_000;
    private static final int PAGES_IN_FLIGHT = 32;
    /** A page answered 503 (the server busy, or its database slow to answer a ping) is asked for again, this often. */
    private static final int UNAVAILABLE_RETRIES = 10;
    private static final long UNAVAILABLE_PAUSE_MS = 500;
    private static final long TIMEOUT_SECONDS = 120;

    final Vertx vertx;
    private final WebSocketClient sockets;
    /** Kept referenced: Vert.x 5 closes clients nothing refers to. */
    private final Map<Server, WebClient> pages = new ConcurrentHashMap<>();
    private final List<Person> people = new CopyOnWriteArrayList<>();
    private final Map<String, Consumer<JsonObject>> replies = new ConcurrentHashMap<>();
    private final AtomicLong replyIds = new AtomicLong();

    Crowd(int eventLoops) {
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(eventLoops));
        sockets = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(MAX_CONNECTIONS));
        vertx.setPeriodic(PING_MS, id -> people.forEach(person -> person.socket.writeTextMessage("{\"type\":\"ping\"}")));
    }

    /** A room made by a person of its own; on the bare bridge any id will do. */
    String createRoom(Server server, String title) throws TimeoutException {
        if (server.kind == Server.Kind.BARE) {
            return String.format("%016x", title.hashCode());
        }
        return WebClientSession.create(page(server)).post("/room")
            .sendForm(MultiMap.caseInsensitiveMultiMap().add("title", title).add("capacity", "5000"))
            .map(response -> response.getHeader("location").substring("/room/".length()))
            .await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /** Admission tickets for {@code count} new people (each its own session), read from their room pages. */
    List<String> tickets(Server server, String roomId, int count) throws TimeoutException {
        List<String> tickets = new ArrayList<>();
        if (server.kind == Server.Kind.BARE) {
            for (int i = 0; i < count; i++) {
                tickets.add(null);
            }
            return tickets;
        }
        for (int start = 0; start < count; start += PAGES_IN_FLIGHT) {
            List<Future<String>> batch = new ArrayList<>();
            for (int i = start; i < Math.min(count, start + PAGES_IN_FLIGHT); i++) {
                batch.add(ticket(server, roomId));
            }
            Future.all(batch).await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            batch.forEach(ticket -> tickets.add(ticket.result()));
        }
        return tickets;
    }

    private Future<String> ticket(Server server, String roomId) {
        return ticket(WebClientSession.create(page(server)), roomId, UNAVAILABLE_RETRIES);
    }

    /** As a browser's person would, a page answered "unavailable" (503) is asked for again a moment later. */
    private Future<String> ticket(WebClientSession session, String roomId, int retries) {
        return session.get("/room/" + roomId).send().compose(response -> {
            Matcher matcher = TICKET.matcher(response.bodyAsString());
            if (matcher.find()) {
                return Future.succeededFuture(matcher.group(1));
            }
            if (response.statusCode() == 503 && retries > 0) {
                Promise<String> again = Promise.promise();
                vertx.setTimer(UNAVAILABLE_PAUSE_MS, id -> ticket(session, roomId, retries - 1).onComplete(again));
                return again.future();
            }
            return Future.failedFuture(new IllegalStateException("no ticket in the room page (status " + response.statusCode() + ")"));
        });
    }

    /**
     * Connects a person and registers it on the room. Completes once it is in: on gif-chat when the welcome
     * arrives, on the bare bridge when a request sent after the register is answered (the bridge handles a socket's
     * frames in order, and says nothing of its own on registration).
     */
    Future<Person> enter(Server server, String roomId, String ticket) {
        Promise<Person> inRoom = Promise.promise();
        sockets.connect(new WebSocketConnectOptions().setHost(server.host).setPort(server.realtimePort).setURI("/eventbus/websocket"))
            .onSuccess(socket -> {
                Person person = new Person(socket, roomId);
                people.add(person);
                socket.closeHandler(v -> people.remove(person));
                socket.handler(buffer -> {
                    JsonObject frame = new JsonObject(buffer);
                    Consumer<JsonObject> reply = frame.getString("address") == null ? null : replies.remove(frame.getString("address"));
                    if (reply != null) {
                        reply.accept(frame);
                    } else {
                        person.receive(frame, inRoom);
                    }
                });
                JsonObject register = new JsonObject().put("type", "register").put("address", "room." + roomId);
                if (ticket != null) {
                    register.put("headers", new JsonObject().put("ticket", ticket));
                }
                socket.writeTextMessage(register.encode());
                if (server.kind == Server.Kind.BARE) {
                    request(person, new JsonObject().put("roomId", "warm-up"), frame -> inRoom.tryComplete(person));
                }
            })
            .onFailure(inRoom::tryFail);
        return inRoom.future();
    }

    /** Enters {@code count} people one after the other (a crowd that gathers, not a storm). */
    List<Person> gather(Server server, String roomId, int count) throws TimeoutException {
        List<Person> gathered = new ArrayList<>();
        for (String ticket : tickets(server, roomId, count)) {
            gathered.add(enter(server, roomId, ticket).await(TIMEOUT_SECONDS, TimeUnit.SECONDS));
        }
        return gathered;
    }

    /** A chat message from {@code person} with a reply, which goes to {@code onReply} (a rec or an err frame). */
    void say(Person person, String text, Consumer<JsonObject> onReply) {
        request(person, new JsonObject().put("roomId", person.roomId).put("text", text), onReply);
    }

    /** A typing signal from {@code person}, as the room page sends while someone types: no reply is asked for. */
    void typing(Person person) {
        person.socket.writeTextMessage(new JsonObject().put("type", "send").put("address", "chat.typing")
            .put("body", new JsonObject().put("roomId", person.roomId)).encode());
    }

    private void request(Person person, JsonObject body, Consumer<JsonObject> onReply) {
        String replyAddress = "r." + replyIds.incrementAndGet();
        replies.put(replyAddress, onReply);
        person.socket.writeTextMessage(new JsonObject().put("type", "send").put("address", "chat.send")
            .put("body", body).put("replyAddress", replyAddress).encode());
    }

    /** Closes every person's socket and waits until the sockets are closed. */
    void leaveAll() throws TimeoutException {
        Future.all(people.stream().map(person -> person.socket.close()).toList()).await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        people.clear();
        replies.clear();
    }

    /** CPU time this generator's JVM has used so far, in microseconds. */
    static long cpuMicros() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1000;
    }

    /** The page client for {@code server}, one per server, kept for the crowd's life. */
    WebClient page(Server server) {
        return pages.computeIfAbsent(server, key -> WebClient.create(vertx, new WebClientOptions()
            .setDefaultHost(server.host).setDefaultPort(server.pagePort).setFollowRedirects(false), new PoolOptions().setHttp1MaxSize(PAGES_IN_FLIGHT)));
    }

    @Override
    public void close() throws TimeoutException {
        vertx.close().await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }
}
