package com.gifchat.bus;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** What a banned person reads: when the ban ends, in UTC, to the minute. */
public final class BanText {

    private static final DateTimeFormatter UTC_MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private BanText() {
    }

    public static String until(long untilMillis) {
        // rounded up, so that the time shown is never before the ban ends
        long minute = (untilMillis + 59_999) / 60_000 * 60_000;
        return "You are banned from this chat until " + UTC_MINUTE.format(Instant.ofEpochMilli(minute)) + ".";
    }
}
