package com.gifchat.limits;

import com.gifchat.config.Setting;

/**
 * Every rate limit: the setting that gives its rates, what its bucket is keyed by, whether one node's view is enough
 * and, for the refusal's text, what there were too many of.
 */
public enum Limit {
    CHAT_SEND(Setting.LIMITS_CHAT_SENDS, "chat", Scope.NODE, "messages"),
    REGISTRATION(Setting.LIMITS_REGISTRATIONS, "registration", Scope.NODE, "subscriptions on this connection"),
    NEW_SOCKET(Setting.LIMITS_SOCKETS, "socket", Scope.NODE, "new connections"),
    UPLOAD(Setting.LIMITS_UPLOADS, "upload", Scope.NODE, "uploads"),
    // a script spreads these over the nodes behind a load balancer, so every node must see the same bucket
    ROOMS_BY_PERSON(Setting.LIMITS_ROOMS_PER_PERSON, "rooms-person", Scope.CLUSTER, "new rooms"),
    ROOMS_BY_ADDRESS(Setting.LIMITS_ROOMS_PER_ADDRESS, "rooms-address", Scope.CLUSTER, "new rooms from your network"),
    PASSWORDS_BY_ADDRESS(Setting.LIMITS_PASSWORDS_PER_ADDRESS, "password-address", Scope.CLUSTER, "password attempts"),
    PASSWORDS_BY_ROOM(Setting.LIMITS_PASSWORDS_PER_ROOM, "password-room", Scope.CLUSTER, "password attempts at this room");

    /** NODE: buckets in this node's memory. CLUSTER: in the Hazelcast cluster when clustered, else as NODE. */
    enum Scope { NODE, CLUSTER }

    private final Setting setting;
    private final String prefix;
    private final Scope scope;
    private final String what;

    Limit(Setting setting, String prefix, Scope scope, String what) {
        this.setting = setting;
        this.prefix = prefix;
        this.scope = scope;
        this.what = what;
    }

    public Setting setting() {
        return setting;
    }

    Scope scope() {
        return scope;
    }

    String what() {
        return what;
    }

    /** The bucket's key among every limit's buckets, which share one cluster map. */
    String bucketKey(String key) {
        return prefix + ":" + key;
    }
}
