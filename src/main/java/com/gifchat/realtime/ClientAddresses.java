package com.gifchat.realtime;

import com.gifchat.limits.TrustedProxies;
import io.vertx.core.MultiMap;
import io.vertx.core.net.SocketAddress;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Who is at the other end of a socket: the client's address, read through the trusted proxies as the pages do, and
 * the hash of it that rooms keep with a member, so that the store counts places per address without keeping it.
 */
final class ClientAddresses {

    private static final int HASH_BYTES = 8;

    private final TrustedProxies proxies;

    ClientAddresses(TrustedProxies proxies) {
        this.proxies = proxies;
    }

    String of(SocketAddress peer, MultiMap headers) {
        return proxies.clientOf(peer, headers == null ? null : headers.get(TrustedProxies.FORWARDED_FOR));
    }

    static String hash(String client) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(client.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, HASH_BYTES);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
