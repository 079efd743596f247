package com.gifchat.bench;

import io.vertx.core.Promise;
import io.vertx.core.http.WebSocket;
import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.Map;

/**
 * One simulated person: a WebSocket speaking the SockJS bridge protocol, registered on one room. Checks what it
 * receives against the run in progress: latency from the send time in the text, duplicates and order. Order is the
 * room's: gif-chat numbers a room's messages ({@code seq}) in the order it accepted them; the bare bridge has no such
 * number, so there the sender's own numbering stands in.
 */
final class Person {

    final WebSocket socket;
    final String roomId;
    private final String address;
    private volatile Tally tally;
    private int lastTally;
    /** The last order number seen per stream: the room's (key -1) on gif-chat, each sender's on the bare bridge. */
    private final Map<Integer, Long> lastOrder = new HashMap<>();
    private int joinedNotices;

    Person(WebSocket socket, String roomId) {
        this.socket = socket;
        this.roomId = roomId;
        this.address = "room." + roomId;
    }

    void countFor(Tally tally) {
        this.tally = tally;
    }

    int joinedNotices() {
        return joinedNotices;
    }

    /** Handles one bridge frame; completes {@code welcome} when gif-chat says this socket is in the room. */
    void receive(JsonObject frame, Promise<Person> welcome) {
        if (!"rec".equals(frame.getString("type")) || !address.equals(frame.getString("address"))
            || !(frame.getValue("body") instanceof JsonObject body)) {
            return;
        }
        String event = body.getString("event");
        if ("welcome".equals(event)) {
            welcome.tryComplete(this);
        } else if ("joined".equals(event)) {
            joinedNotices++;
        }
        Tally current = tally;
        if ("typing".equals(body.getString("type")) && current != null) {
            current.typingDelivered.incrementAndGet();
            return;
        }
        String text = body.getString("text");
        if (current == null || text == null || !text.startsWith("b" + current.id + ":")) {
            return;
        }
        String[] parts = text.split(":");
        current.latency((System.nanoTime() - Long.parseLong(parts[3])) / 1000);
        if (lastTally != current.id) {
            lastTally = current.id;
            lastOrder.clear();
        }
        boolean numberedByRoom = body.containsKey("seq");
        int stream = numberedByRoom ? -1 : Integer.parseInt(parts[1]);
        long order = numberedByRoom ? body.getLong("seq") : Long.parseLong(parts[2]);
        long last = lastOrder.getOrDefault(stream, 0L);
        if (order == last) {
            current.duplicates.incrementAndGet();
            return;
        }
        if (order < last) {
            current.outOfOrder.incrementAndGet();
        }
        lastOrder.put(stream, Math.max(last, order));
        current.delivered();
    }
}
