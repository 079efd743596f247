package com.gifchat.cluster;

import com.gifchat.support.BridgeClient;
import com.gifchat.support.DocumentedNginx;
import com.gifchat.support.HttpSession;
import com.gifchat.support.LocalCluster;
import com.gifchat.support.SockJSHttpSession;
import com.gifchat.support.TestApp;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * People whose network blocks WebSockets, behind the reverse proxy docs/CLUSTER.md documents: a real nginx, with the
 * docs' own configuration (sticky /eventbus/ by ip_hash), in front of two clustered nodes of the packaged jar. Pages
 * through the proxy, then a SockJS session on xhr-polling or xhr-streaming through it enters a room and chats with
 * people connected straight to each node, so one of them is always on the node the proxy did not pick.
 */
@ExtendWith(VertxExtension.class)
class ProxiedFallbackIT {

    private static int proxyPort;
    private static String origin;
    private static LocalCluster cluster;
    private static DocumentedNginx nginx;

    @BeforeAll
    static void start() {
        boolean present = DocumentedNginx.binary() != null;
        // under CI a missing nginx fails: a skipped test would hide a missing install step
        if (!present && "true".equals(System.getenv("CI"))) {
            fail("nginx is not installed: .ci/run installs it (bash scripts/apt-install.sh nginx)");
        }
        assumeTrue(present, "nginx is not installed: bash scripts/apt-install.sh nginx");
        proxyPort = TestApp.freePort();
        origin = "http://127.0.0.1:" + proxyPort;
        // as docs/CLUSTER.md says to start the nodes behind it
        cluster = LocalCluster.start("proxied", 2, Map.of(
            "REALTIME_PUBLIC_URL", origin + "/eventbus",
            "TRUSTED_PROXIES", "127.0.0.1"));
        nginx = DocumentedNginx.start(proxyPort,
            cluster.nodes().stream().map(LocalCluster.Node::httpPort).toList(),
            cluster.nodes().stream().map(LocalCluster.Node::realtimePort).toList());
    }

    @AfterAll
    static void stop() {
        if (nginx != null) {
            nginx.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void xhrPollingThroughTheProxyChatsWithPeopleOnBothNodes(Vertx vertx) {
        chatThroughTheProxy(vertx, false);
    }

    @Test
    void xhrStreamingThroughTheProxyChatsWithPeopleOnBothNodes(Vertx vertx) {
        chatThroughTheProxy(vertx, true);
    }

    private static void chatThroughTheProxy(Vertx vertx, boolean streaming) {
        String transport = streaming ? "xhr-streaming" : "xhr-polling";
        HttpSession alice = new HttpSession(vertx, proxyPort).withHeader("Origin", origin);
        String room = alice.createRoom("Behind nginx, " + transport);
        LocalCluster.Node a = cluster.node(0);
        LocalCluster.Node b = cluster.node(1);
        HttpSession bob = new HttpSession(vertx, a.httpPort());
        HttpSession carol = new HttpSession(vertx, b.httpPort());
        try (BridgeClient bobOnA = BridgeClient.connect(vertx, a.realtimePort());
             BridgeClient carolOnB = BridgeClient.connect(vertx, b.realtimePort());
             SockJSHttpSession page = new SockJSHttpSession(vertx, proxyPort, origin)) {
            bobOnA.enter(room, bob.ticketFor(room));
            carolOnB.enter(room, carol.ticketFor(room));
            if (streaming) {
                page.openStreaming();
            } else {
                page.openPolling();
            }

            page.send(new JsonObject().put("type", "register").put("address", "room." + room)
                .put("headers", new JsonObject().put("ticket", alice.ticketFor(room))));
            page.nextOn("room." + room, body -> "welcome".equals(body.getString("event")));
            say(bobOnA, room, "from node A over " + transport);
            say(carolOnB, room, "from node B over " + transport);
            JsonObject fromA = page.nextOn("room." + room, body -> ("from node A over " + transport).equals(body.getString("text")));
            JsonObject fromB = page.nextOn("room." + room, body -> ("from node B over " + transport).equals(body.getString("text")));
            page.send(new JsonObject().put("type", "send").put("address", "chat.send").put("replyAddress", "r-" + transport)
                .put("body", new JsonObject().put("roomId", room).put("text", "through nginx over " + transport)));
            JsonObject reply = page.next(frame -> ("r-" + transport).equals(frame.getString("address")));

            assertEquals(bob.colour(), fromA.getString("colour"));
            assertEquals(carol.colour(), fromB.getString("colour"));
            assertEquals("rec", reply.getString("type"), reply.encode());
            for (BridgeClient other : new BridgeClient[]{bobOnA, carolOnB}) {
                JsonObject heard = other.nextOn("room." + room, body -> ("through nginx over " + transport).equals(body.getString("text")));
                assertEquals(alice.colour(), heard.getString("colour"));
            }
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\nnginx's error log:\n" + nginx.log(), e);
        }
    }

    private static void say(BridgeClient socket, String room, String text) {
        JsonObject ack = socket.request("chat.send", new JsonObject().put("roomId", room).put("text", text));
        assertEquals("rec", ack.getString("type"), ack.encode());
    }
}
