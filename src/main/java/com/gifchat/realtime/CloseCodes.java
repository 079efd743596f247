package com.gifchat.realtime;

import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;

/** The WebSocket close codes the gateway closes with (docs/PROTOCOL.md §6.2), and which one an error calls for. */
final class CloseCodes {

    static final short GOING_AWAY = 1001;
    static final short POLICY_VIOLATION = 1008;
    static final short TOO_BIG = 1009;
    /** The node stops (it drains on SIGTERM): connect again, to this or another node. */
    static final short SERVICE_RESTART = 1012;
    static final short TRY_AGAIN_LATER = 1013;
    /** Not a code: the connection broke (the client vanished) and closes by itself. */
    static final short NONE = 0;

    private CloseCodes() {
    }

    /**
     * The code to close a WebSocket with after its {@code error}: a frame the protocol forbids (a compressed one,
     * since compression is off) gets Netty's code for it, a frame or message over the size limit {@link #TOO_BIG};
     * anything else is a broken connection.
     */
    static short after(Throwable error) {
        if (error instanceof CorruptedWebSocketFrameException corrupt) {
            return corrupt.closeStatus() == null ? TOO_BIG : (short) corrupt.closeStatus().code();
        }
        // Vert.x reports a message whose frames add up to more than its limit with this text, and no type of its own
        boolean tooLong = error instanceof IllegalStateException && error.getMessage() != null
            && error.getMessage().contains("max message size");
        return tooLong ? TOO_BIG : NONE;
    }
}
