package com.gifchat.realtime;

import com.gifchat.limits.Limits;
import io.vertx.core.Future;

/** The gateways' limits from the node's rate limits: decided at once, in memory, so the order of frames is kept. */
final class RateLimitedGateway implements GatewayLimits {

    private final Limits limits;

    RateLimitedGateway(Limits limits) {
        this.limits = limits;
    }

    @Override
    public Future<Void> admitSocket(String client) {
        return limits.newSocket(client).future();
    }

    @Override
    public Future<Void> admitRegistration(String connectionId) {
        return limits.registration(connectionId).future();
    }

    @Override
    public Future<Void> admitSend(String personId) {
        return limits.chatSend(personId).future();
    }
}
