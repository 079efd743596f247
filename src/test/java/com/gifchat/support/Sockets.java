package com.gifchat.support;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The sockets one test opens to an app, all closed after the test whatever it asserted, so that no test leaves
 * people in rooms for the next: {@code @RegisterExtension final Sockets sockets = new Sockets(app);}
 */
public final class Sockets implements AfterEachCallback {

    private final TestApp app;
    private final List<AutoCloseable> open = new ArrayList<>();

    public Sockets(TestApp app) {
        this.app = app;
    }

    /** A bridge socket in no room yet. */
    public BridgeClient bridge() {
        return closedAfterTest(app.bridge());
    }

    /** A bridge socket in the room, as the person's page opens it: with their ticket, once the gateway welcomed it. */
    public BridgeClient inRoom(HttpSession person, String room) {
        BridgeClient socket = bridge();
        socket.enter(room, person.ticketFor(room));
        return socket;
    }

    /** A /ws connection with these request headers (a proxy's X-Forwarded-For, say). */
    public RawWebSocket script(Map<String, String> headers) {
        return closedAfterTest(RawWebSocket.connect(app.vertx(), app.realtimePort(), "/ws", headers));
    }

    /** A client the test opened otherwise, closed with the rest. Closing one twice does no harm. */
    public <T extends AutoCloseable> T closedAfterTest(T socket) {
        open.add(socket);
        return socket;
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        Exception first = null;
        for (AutoCloseable socket : open) {
            try {
                socket.close();
            } catch (Exception | AssertionError e) {
                // the others are closed all the same
                if (first == null) {
                    first = new Exception("a socket did not close", e);
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        open.clear();
        if (first != null) {
            throw first;
        }
    }
}
