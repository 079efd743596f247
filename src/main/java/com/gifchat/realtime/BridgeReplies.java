package com.gifchat.realtime;

import com.gifchat.bus.Failure;
import com.gifchat.metrics.AppMetrics;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.handler.sockjs.BridgeEvent;

/** The frames the bridge's guard answers with: failures a page can show, and refusals that count as bad frames. */
final class BridgeReplies {

    private BridgeReplies() {
    }

    /** A failure as vertx-eventbus.js delivers it: to the handler waiting on {@code address}, or to none when null. */
    static Buffer failure(String address, int code, String message) {
        JsonObject frame = new JsonObject().put("type", "err");
        if (address != null) {
            frame.put("address", address);
        }
        return frame.put("failureCode", code).put("failureType", "RECIPIENT_FAILURE").put("message", message).toBuffer();
    }

    static Buffer failure(String address, Throwable error) {
        return failure(address, Failure.of(error).code(), Failure.describe(error));
    }

    /**
     * Refuses a frame so that the browser learns why: the bridge's own refusal carries no address, so first an
     * error addressed to the room handler or reply handler that waits for an answer.
     */
    static void refuse(BridgeEvent event, String address, Throwable error) {
        AppMetrics.refused(AppMetrics.BRIDGE, Failure.of(error));
        if (address != null) {
            event.socket().write(failure(address, error));
        }
        event.complete(false);
    }

    /** A frame no page of ours sends: the bridge refuses it, and the socket counts it towards being closed. */
    static void countBad(BridgeEvent event, String type, String address) {
        if (event.socket() instanceof GuardedSocket socket) {
            socket.countBad("access_denied", type + " " + address);
        }
    }
}
