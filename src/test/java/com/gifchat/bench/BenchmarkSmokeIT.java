package com.gifchat.bench;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The benchmark still works: each scenario, at a tiny size, against real server processes, delivers everything once
 * and in order. It asserts no timings; those belong in docs/PERFORMANCE.md.
 */
class BenchmarkSmokeIT {

    private static Crowd crowd;

    @BeforeAll
    static void generator() {
        crowd = new Crowd(1);
    }

    @AfterAll
    static void closeGenerator() throws Exception {
        crowd.close();
    }

    @Test
    void fanOutDeliversEveryMessageOnceAndInOrderOnBothServers() throws Exception {
        for (Server.Kind kind : Server.Kind.values()) {
            try (Server server = Server.start(kind, Map.of())) {
                FanOut.Cell cell = new FanOut(crowd).run(server, new FanOut.Shape(2, 3, 2, 20, 1));
                String row = cell.row();
                assertEquals("0", column(FanOut.HEADER, row, "undelivered"), row);
                assertEquals("0", column(FanOut.HEADER, row, "refused"), row);
                assertEquals("0", column(FanOut.HEADER, row, "dup"), row);
                assertEquals("0", column(FanOut.HEADER, row, "out of order"), row);
                assertCpuByThreadAddsUp(cell.threadsRow());
            }
        }
    }

    @Test
    void manyRoomsOnAClusterDeliverEveryMessageOnceAndInOrderAndCountTheHops() throws Exception {
        try (Server cluster = Cluster.start(2, Map.of())) {
            assertEquals(2, cluster.nodes());
            FanOut.Cell cell = new FanOut(crowd).run(cluster, new FanOut.Shape(2, 3, 3, 5, 1));
            String row = cell.row();
            assertEquals("0", column(FanOut.HEADER, row, "undelivered"), row);
            assertEquals("0", column(FanOut.HEADER, row, "dup"), row);
            assertEquals("0", column(FanOut.HEADER, row, "out of order"), row);
            assertTrue(cell.crossNodePerMessage() > 0, "each room has people on both nodes: " + cell.crossNodePerMessage());
        }
    }

    @Test
    void writePathFindsEveryAcknowledgedMessageInTheHistory() throws Exception {
        try (Server server = Server.start(Server.Kind.GIF_CHAT, Map.of())) {
            String row = new WritePath(crowd).row(server, 1);
            String acknowledged = column(WritePath.HEADER, row, "acknowledged");
            assertNotEquals("0", acknowledged, row);
            assertEquals(acknowledged, column(WritePath.HEADER, row, "found in history"), row);
            assertEquals("0", column(WritePath.HEADER, row, "deliveries lost"), row);
            assertEquals("0", column(WritePath.HEADER, row, "out of order"), row);
        }
    }

    @Test
    void joinStormAdmitsEveryone() throws Exception {
        try (Server server = Server.start(Server.Kind.GIF_CHAT, Map.of())) {
            String row = new JoinStorm(crowd).row(server, 20);
            assertEquals("0", column(JoinStorm.HEADER, row, "refused"), row);
        }
    }

    @Test
    void idleMemoryMeasuresHeapAndResidentMemory() throws Exception {
        try (Server server = Server.start(Server.Kind.GIF_CHAT, Map.of())) {
            String row = new IdleMemory(crowd).row(server, 10);
            assertTrue(column(IdleMemory.HEADER, row, "heap MB, people in").matches("[0-9.]+"), row);
            assertTrue(column(IdleMemory.HEADER, row, "live objects KB per person").matches("-?[0-9.]+"), row);
            assertTrue(column(IdleMemory.HEADER, row, "RSS MB, people in").matches("[0-9.]+"), row);
        }
        try (Server server = Server.start(Server.Kind.GIF_CHAT, Map.of())) {
            String row = new IdleMemory(crowd).arrivingRow(server, 60);
            assertTrue(column(IdleMemory.HEADER, row, "RSS KB per person").matches("-?[0-9.]+"), row);
        }
    }

    @Test
    void bystandersUnderAttackAreMeasuredInEveryPhase() throws Exception {
        List<String> rows = new UnderAttack(crowd, EnumSet.allOf(UnderAttack.Attack.class)).rows("packaged", UnderAttack.packagedLimits(), 1);

        assertEquals(UnderAttack.Attack.values().length, rows.size(), String.join("\n", rows));
        for (String row : rows) {
            assertNotEquals("0", column(UnderAttack.HEADER, row, "bystander sends"), row);
            assertEquals("0", column(UnderAttack.HEADER, row, "refused"), row);
            assertTrue(column(UnderAttack.HEADER, row, "p99 ms").matches("[0-9.]+"), row);
        }
        assertTrue(column(UnderAttack.HEADER, rows.get(1), "attacker").matches(".*[1-9][0-9,]* refused.*"), rows.get(1));
        assertTrue(column(UnderAttack.HEADER, rows.get(2), "attacker").matches(".*[1-9][0-9,]* sent.*"), rows.get(2));
        assertTrue(column(UnderAttack.HEADER, rows.get(3), "attacker").matches(".*[1-9][0-9,]* guesses answered.*"), rows.get(3));
    }

    @Test
    void typingIsCountedOnlyWhenSomeoneTypes() throws Exception {
        try (Server server = Server.start(Server.Kind.GIF_CHAT, Map.of())) {
            List<String> rows = new TypingCost(crowd).rows(server, new FanOut.Shape(1, 4, 1, 20, 3), 1);

            assertEquals("nobody", cells(rows.get(0)).get(0), String.join("\n", rows));
            assertEquals("0", column(TypingCost.HEADER, rows.get(0), "typing notices/s"), rows.get(0));
            for (String row : rows.subList(1, 3)) {
                assertTrue(column(TypingCost.HEADER, row, "typing notices/s").matches("[1-9][0-9]*"), row);
                assertTrue(column(TypingCost.HEADER, row, "server CPU µs per chat delivery").matches("[0-9.]+"), row);
            }
        }
    }

    /** The cell of a Markdown table row under the header column called {@code name}. */
    /** Each kind of thread's µs per delivery, and their sum in the last column. */
    private static void assertCpuByThreadAddsUp(String row) {
        List<String> cells = cells(row);
        List<Double> groups = cells.subList(3, cells.size() - 1).stream().map(Double::parseDouble).toList();
        assertEquals(ThreadCpu.Group.values().length, groups.size(), row);
        double all = Double.parseDouble(cells.get(cells.size() - 1));
        assertTrue(all > 0, row);
        assertEquals(all, groups.stream().mapToDouble(Double::doubleValue).sum(), 0.1 * groups.size(), row);
    }

    private static String column(String header, String row, String name) {
        List<String> names = cells(header.lines().findFirst().orElseThrow());
        int index = names.indexOf(name);
        assertTrue(index >= 0, "no column " + name);
        return cells(row).get(index);
    }

    private static List<String> cells(String line) {
        return Arrays.stream(line.trim().replaceAll("^\\||\\|$", "").split("\\|")).map(String::trim).toList();
    }
}
