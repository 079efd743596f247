package com.gifchat.admin;

import org.slf4j.Logger;
import org.slf4j.event.Level;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * One kind of event that clients can cause as often as they like (a wrong token, a frame that is not the protocol),
 * logged without letting them fill the log: the first one from a client address at once, with its detail; the rest
 * from that address as one count per {@link #flush()} (once a minute). Runs on the bridge verticle's event loop.
 */
final class RepeatedEvents {

    /** Beyond this many addresses in one minute, new ones are counted together: the map cannot grow without bound. */
    static final int MAX_ADDRESSES = 10_000;
    static final String OTHER_ADDRESSES = "other addresses";

    private final Logger log;
    private final Level level;
    private final String event;
    private final String plural;
    private final String advice;
    /** Address -> events since its first line or its last count; present while the address is being counted. */
    private final Map<String, Integer> counting = new HashMap<>();

    /**
     * @param event  what happened, as a noun phrase: "a wrong or missing admin token"
     * @param plural the same for a count: "wrong or missing admin tokens"
     * @param advice what the operator can do about it, said once on the first line
     */
    RepeatedEvents(Logger log, Level level, String event, String plural, String advice) {
        this.log = log;
        this.level = level;
        this.event = event;
        this.plural = plural;
        this.advice = advice;
    }

    /** {@code detail} must already be safe for a log line ({@link com.gifchat.bus.LogText}). */
    void record(String address, String detail) {
        String key = counting.containsKey(address) || counting.size() < MAX_ADDRESSES ? address : OTHER_ADDRESSES;
        Integer count = counting.get(key);
        if (count == null) {
            counting.put(key, 0);
            log.atLevel(level).log("admin bridge: {} from {}{}; {}. Further ones from this address are counted and logged once a minute",
                event, key, detail, advice);
        } else {
            counting.put(key, count + 1);
        }
    }

    /** Logs one count per address that had more events since its last line, and forgets the quiet addresses. */
    void flush() {
        Iterator<Map.Entry<String, Integer>> entries = counting.entrySet().iterator();
        while (entries.hasNext()) {
            Map.Entry<String, Integer> entry = entries.next();
            if (entry.getValue() == 0) {
                entries.remove();
            } else {
                log.atLevel(level).log("admin bridge: {} more {} from {} in the last minute", entry.getValue(), plural, entry.getKey());
                entry.setValue(0);
            }
        }
    }
}
