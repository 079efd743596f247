package com.gifchat.realtime;

import io.vertx.core.json.JsonObject;

/** What connected pages and scripts hear when the node they are connected to stops (docs/PROTOCOL.md §8). */
final class Restarting {

    static final String TEXT = "The server is restarting; connecting again…";
    /** What a refused socket is asked to wait: a page's own reconnect backs off from 1 s anyway. */
    static final int RETRY_AFTER_S = 2;

    private Restarting() {
    }

    /** A system notice on room.&lt;id&gt;, as the room's own notices are (§2), sent to this node's sockets only. */
    static JsonObject notice(String roomId) {
        return new JsonObject().put("roomId", roomId).put("type", "system").put("event", "restarting")
            .put("text", TEXT).put("at", System.currentTimeMillis());
    }
}
