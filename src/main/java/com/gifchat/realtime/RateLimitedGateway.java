package com.gifchat.realtime;

import com.gifchat.bus.Failure;
import com.gifchat.limits.Limits;
import io.vertx.core.Future;

/**
 * The gateways' limits from the node's rate limits and from the deliveries this gateway has not made yet: decided at
 * once, in memory, so the order of frames is kept.
 */
final class RateLimitedGateway implements GatewayLimits {

    static final String BUSY = "The chat is busy right now. Please try again in a moment.";

    private final Limits limits;
    private final DeliveryBacklog backlog;

    RateLimitedGateway(Limits limits, DeliveryBacklog backlog) {
        this.limits = limits;
        this.backlog = backlog;
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
        // refused before the rate limit is charged: a busy server does not use up the person's allowance
        return backlog.behind() ? Failure.UNAVAILABLE.future(BUSY) : limits.chatSend(personId).future();
    }

    @Override
    public boolean admitTyping() {
        return !backlog.behind();
    }
}
