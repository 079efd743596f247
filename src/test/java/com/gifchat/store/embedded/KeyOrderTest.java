package com.gifchat.store.embedded;

import de.bwaldvogel.mongo.backend.KeyValue;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.ObjectDataType;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The embedded store's unique-index keys keep the order and the bytes that H2 gives them by default (Java
 * serialization): the shortcuts of KeyOrder must not change where a key sorts or how it is written.
 */
class KeyOrderTest {

    private static final long SEED = 7;
    private static final int RANDOM_TEXTS = 200;
    private static final int MAX_RANDOM_LENGTH = 40;
    private static final int NUMBERED_IDS = 120;
    /** Longer than the two-byte length that Java serialization gives short texts. */
    private static final int LONG_TEXT = 70_000;

    @Test
    void keysOfOneTextCompareAsTheirSerializedBytesDo() {
        List<KeyValue> keys = new ArrayList<>();
        Random random = new Random(SEED);
        IntStream.range(0, RANDOM_TEXTS).forEach(i -> keys.add(new KeyValue(asciiText(random))));
        IntStream.rangeClosed(1, NUMBERED_IDS).forEach(seq -> keys.add(new KeyValue("room-" + seq)));
        keys.add(new KeyValue(""));
        comparesAsSerializedBytes(keys);
    }

    @Test
    void keysOfOtherShapesAndMixedShapesCompareAsTheirSerializedBytesDo() {
        List<KeyValue> keys = List.of(
            new KeyValue("room-1"), new KeyValue("room-10"), new KeyValue("b"),
            new KeyValue("héllo"), new KeyValue("nul\u0000inside"), new KeyValue("日本"), new KeyValue("x".repeat(LONG_TEXT)),
            new KeyValue(2.5), new KeyValue(-1.0), new KeyValue("room", 3.0), new KeyValue("room", "b"), new KeyValue((Object) null));
        comparesAsSerializedBytes(keys);
    }

    @Test
    void keysAreWrittenInTheBytesOfTheStockType() {
        ObjectDataType stock = new ObjectDataType();
        KeyOrder ours = new KeyOrder();
        for (KeyValue key : List.of(new KeyValue("room-1/4f2a"), new KeyValue(""), new KeyValue("héllo"), new KeyValue("room", 3.0))) {
            assertArrayEquals(written(stock, key), written(ours, key), "bytes of " + key);
        }
    }

    @Test
    void keysAreReadBackAsTheStockTypeReadsThem() {
        ObjectDataType stock = new ObjectDataType();
        KeyOrder ours = new KeyOrder();
        List<Object> values = List.of(new KeyValue("room-1/4f2a"), new KeyValue(""), new KeyValue("héllo"),
            new KeyValue("nul\u0000inside"), new KeyValue("x".repeat(LONG_TEXT)), new KeyValue("room", 3.0),
            new KeyValue((Object) null), "plain text", 42L);
        WriteBuffer all = new WriteBuffer();
        values.forEach(value -> stock.write(all, value));
        ByteBuffer bytes = all.getBuffer().flip();
        for (Object value : values) {
            assertEquals(value, ours.read(bytes), "read back in turn");
        }
        assertEquals(0, bytes.remaining(), "each key read to its end, no further");
    }

    private static void comparesAsSerializedBytes(List<KeyValue> keys) {
        KeyOrder order = new KeyOrder();
        for (KeyValue first : keys) {
            for (KeyValue second : keys) {
                int expected = ObjectDataType.compareNotNull(ObjectDataType.serialize(first), ObjectDataType.serialize(second));
                assertEquals(expected, Integer.signum(order.compare(first, second)), first + " against " + second);
            }
        }
    }

    private static String asciiText(Random random) {
        StringBuilder text = new StringBuilder();
        int length = 1 + random.nextInt(MAX_RANDOM_LENGTH);
        for (int i = 0; i < length; i++) {
            text.append((char) (1 + random.nextInt(Byte.MAX_VALUE)));
        }
        return text.toString();
    }

    private static byte[] written(ObjectDataType type, KeyValue key) {
        WriteBuffer buff = new WriteBuffer();
        type.write(buff, key);
        ByteBuffer bytes = buff.getBuffer().flip();
        byte[] copy = new byte[bytes.remaining()];
        bytes.get(copy);
        return copy;
    }
}
