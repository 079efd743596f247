package com.gifchat.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Scenario (h): what the typing indicator costs. The same one-room cell runs on one gif-chat three ways, back to back
 * in each round: nobody typing; the sender typing (what a room sees when one person talks); everyone in the room
 * typing at once, each as often as the gateway lets a person signal (the most a room can carry). The server CPU a chat
 * delivery costs is compared with the cell's without typing: typing pays off when it does not move that figure.
 */
final class TypingCost {

    static final String HEADER = """
        | typing | rooms × people | senders × rate/s | chat deliveries/s | typing signals/s | typing notices/s | p99 ms | server CPU % | server CPU µs per chat delivery | the same, over the cell without typing | server CPU µs per delivery of either kind |
        |---|---|---|---|---|---|---|---|---|---|---|""";

    /** A little over the gateway's default chat.typingIntervalMs, so that no signal is dropped as too early. */
    static final long EVERY_MS = 2_600;

    private final Crowd crowd;

    TypingCost(Crowd crowd) {
        this.crowd = crowd;
    }

    /** The rows of {@code rounds} rounds of {@code shape}, then one line per way with the median of its ratios. */
    List<String> rows(Server server, FanOut.Shape shape, int rounds) throws Exception {
        Map<String, FanOut.Typing> ways = new LinkedHashMap<>();
        ways.put("nobody", FanOut.Typing.NONE);
        ways.put("the sender", new FanOut.Typing(shape.senders(), EVERY_MS));
        ways.put("everyone", new FanOut.Typing(shape.people(), EVERY_MS));
        Map<String, List<Double>> ratios = new LinkedHashMap<>();
        List<String> rows = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            double without = -1;
            for (Map.Entry<String, FanOut.Typing> way : ways.entrySet()) {
                FanOut.Counted counted = new FanOut(crowd, way.getValue()).run(server, shape).counted();
                double perChatDelivery = counted.serverCpuMicros() / (double) Math.max(1, counted.delivered());
                if (way.getValue() == FanOut.Typing.NONE) {
                    without = perChatDelivery;
                }
                double ratio = perChatDelivery / without;
                if (way.getValue() != FanOut.Typing.NONE) {
                    // the cell without typing is the reference: its ratio is 1 by definition
                    ratios.computeIfAbsent(way.getKey(), key -> new ArrayList<>()).add(ratio);
                }
                rows.add(String.format(Locale.ROOT, "| %s | %d × %d | %d × %d | %.0f | %.1f | %.0f | %.2f | %.0f | %.1f | %.2f × | %.1f |",
                    way.getKey(), shape.rooms(), shape.people(), shape.rooms() * shape.senders(), shape.rate(),
                    counted.perSecond(counted.delivered()), counted.perSecond(counted.typingSent()),
                    counted.perSecond(counted.typingDelivered()), counted.p99Ms(),
                    counted.serverCpuMicros() / (double) counted.elapsedMicros() * 100, perChatDelivery, ratio,
                    counted.serverCpuMicros() / (double) Math.max(1, counted.delivered() + counted.typingDelivered())));
            }
        }
        rows.add("");
        ratios.forEach((way, each) -> rows.add(String.format(Locale.ROOT,
            "%s typing, %d × %d at %d/s: server CPU per chat delivery %.2f × the cell without typing (median of %s)",
            way, shape.rooms(), shape.people(), shape.rate(), Ratios.median(each),
            each.stream().map(ratio -> String.format(Locale.ROOT, "%.2f", ratio)).collect(Collectors.joining(", ")))));
        return rows;
    }
}
