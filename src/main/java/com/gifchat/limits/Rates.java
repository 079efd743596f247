package com.gifchat.limits;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A limit's setting: one or more "N/period" rates, each a token bucket of N tokens refilled evenly over the period,
 * all of which must allow an attempt. "10/1m, 30/1h" lets 10 attempts through at once, then one every 6 s, and once
 * 30 went within the hour one every 2 min: the delay grows as the attempts go on. "off" means no limit.
 */
public final class Rates {

    public static final String OFF = "off";
    public static final String EXPECTED =
        "\"off\" or rates like \"10/1m, 30/1h\" (a count, then a period of s, m, h or d; 1 s to 7 d)";

    private static final Pattern RATE = Pattern.compile("\\s*(\\d{1,9})\\s*/\\s*(\\d{0,6})\\s*([smhd])\\s*");
    private static final Duration SHORTEST = Duration.ofSeconds(1);
    private static final Duration LONGEST = Duration.ofDays(7);

    private final List<Rate> rates;
    private final BucketConfiguration configuration;

    private record Rate(long count, Duration period) {
    }

    private Rates(List<Rate> rates) {
        this.rates = rates;
        var builder = BucketConfiguration.builder();
        rates.forEach(rate -> builder.addLimit(bandwidth(rate)));
        this.configuration = rates.isEmpty() ? null : builder.build();
    }

    /** The rates a setting gives, or empty when the text is not a valid setting. */
    public static Optional<Rates> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        if (OFF.equals(text.trim().toLowerCase(Locale.ROOT))) {
            return Optional.of(new Rates(List.of()));
        }
        List<Rate> rates = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            Matcher rate = RATE.matcher(part);
            if (!rate.matches()) {
                return Optional.empty();
            }
            long count = Long.parseLong(rate.group(1));
            long units = rate.group(2).isEmpty() ? 1 : Long.parseLong(rate.group(2));
            Duration period = switch (rate.group(3)) {
                case "s" -> Duration.ofSeconds(units);
                case "m" -> Duration.ofMinutes(units);
                case "h" -> Duration.ofHours(units);
                default -> Duration.ofDays(units);
            };
            if (count < 1 || period.compareTo(SHORTEST) < 0 || period.compareTo(LONGEST) > 0) {
                return Optional.empty();
            }
            rates.add(new Rate(count, period));
        }
        return Optional.of(new Rates(List.copyOf(rates)));
    }

    /** For settings that were validated at start. */
    public static Rates of(String text) {
        return parse(text).orElseThrow(() -> new IllegalArgumentException("not a rate setting: " + text));
    }

    public boolean off() {
        return rates.isEmpty();
    }

    /** How long a bucket takes to fill up again from empty: after that long unused, forgetting it changes nothing. */
    Duration refillTime() {
        return rates.stream().map(Rate::period).max(Duration::compareTo).orElse(Duration.ZERO);
    }

    /** The bucket's configuration; none when the limit is off. */
    BucketConfiguration configuration() {
        return configuration;
    }

    List<Bandwidth> bandwidths() {
        return rates.stream().map(Rates::bandwidth).toList();
    }

    private static Bandwidth bandwidth(Rate rate) {
        return Bandwidth.builder().capacity(rate.count()).refillGreedy(rate.count(), rate.period()).build();
    }
}
