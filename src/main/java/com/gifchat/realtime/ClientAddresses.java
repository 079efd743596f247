package com.gifchat.realtime;

import com.gifchat.limits.ClientHash;
import com.gifchat.limits.TrustedProxies;
import io.vertx.core.MultiMap;
import io.vertx.core.net.SocketAddress;


/**
 * Who is at the other end of a socket: the client's address, read through the trusted proxies as the pages do, and
 * the hash of it that rooms keep with a member, so that the store counts places per address without keeping it.
 */
final class ClientAddresses {

    private final TrustedProxies proxies;

    ClientAddresses(TrustedProxies proxies) {
        this.proxies = proxies;
    }

    String of(SocketAddress peer, MultiMap headers) {
        return proxies.clientOf(peer, headers == null ? null : headers.get(TrustedProxies.FORWARDED_FOR));
    }

    static String hash(String client) {
        return ClientHash.of(client);
    }
}
