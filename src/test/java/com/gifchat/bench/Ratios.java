package com.gifchat.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * gif-chat's server CPU per delivery as a multiple of the bare bridge's, cell by cell. Each pair runs back to back, so
 * what the machine does meanwhile weighs on both; the rounds of a cell show how far one pair can be trusted, and their
 * median is the figure to compare with a target.
 */
final class Ratios {

    static final String HEADER = """
        | rooms × people | senders × rate/s | gif-chat ÷ bare, each round | median |
        |---|---|---|---|""";

    private final Map<FanOut.Shape, List<Double>> byCell = new LinkedHashMap<>();

    /** Counts a pair only when both servers' CPU was measured. */
    void add(FanOut.Shape shape, FanOut.Cell bare, FanOut.Cell gifChat) {
        if (bare.serverMicrosPerDelivery() > 0 && gifChat.serverMicrosPerDelivery() > 0) {
            byCell.computeIfAbsent(shape, unseen -> new ArrayList<>())
                .add(gifChat.serverMicrosPerDelivery() / bare.serverMicrosPerDelivery());
        }
    }

    boolean isEmpty() {
        return byCell.isEmpty();
    }

    List<String> rows() {
        return byCell.entrySet().stream().map(cell -> {
            FanOut.Shape shape = cell.getKey();
            List<Double> rounds = cell.getValue();
            return String.format(Locale.ROOT, "| %d × %d | %d × %d | %s | %.2f × |",
                shape.rooms(), shape.people(), shape.rooms() * shape.senders(), shape.rate(),
                rounds.stream().map(ratio -> String.format(Locale.ROOT, "%.2f", ratio)).collect(Collectors.joining(", ")),
                median(rounds));
        }).toList();
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }
}
