package com.gifchat.store.embedded;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.bson.ObjectId;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.ObjectDataType;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The key type of the embedded store's unique indexes. H2 orders keys it does not know, such as mongo-java-server's
 * {@link KeyValue}, by their Java-serialized bytes, and serializes both keys again on every comparison: each insert
 * into a large collection then spends most of its time serializing, and every commit serializes the keys of each
 * page it rewrites once more. This type keeps that order and that file format exactly: keys of one short text, such
 * as every id gif-chat stores, it compares, writes and reads without serializing them ({@link TextKey}); of other keys
 * it remembers the bytes of recent ones.
 */
final class KeyOrder extends ObjectDataType {

    /** How ObjectDataType tags a Java-serialized value in the file. */
    private static final byte SERIALIZED_OBJECT = 19;
    /** H2 estimates a serialized value's memory at twice its bytes. */
    private static final int MEMORY_PER_BYTE = 2;

    /** Covers the upper pages of an index and its recent keys (not those of one text); least recently used go first. */
    private static final int REMEMBERED_KEYS = 20_000;

    private final Map<KeyValue, byte[]> serialized = new LinkedHashMap<>(REMEMBERED_KEYS, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<KeyValue, byte[]> eldest) {
            return size() > REMEMBERED_KEYS;
        }
    };

    @Override
    public int compare(Object a, Object b) {
        if (a instanceof KeyValue first && b instanceof KeyValue second && a != b) {
            String firstText = TextKey.of(first);
            String secondText = TextKey.of(second);
            return firstText != null && secondText != null ? TextKey.compare(firstText, secondText)
                : compareNotNull(bytesOf(first, firstText), bytesOf(second, secondText));
        }
        return super.compare(a, b);
    }

    /** As ObjectDataType writes a value it does not know: tag, length, serialized bytes. */
    @Override
    public void write(WriteBuffer buff, Object key) {
        if (!(key instanceof KeyValue keyValue)) {
            super.write(buff, key);
            return;
        }
        String text = TextKey.of(keyValue);
        if (text != null) {
            buff.put(SERIALIZED_OBJECT).putVarInt(TextKey.serializedLength(text));
            TextKey.write(buff, text);
        } else {
            byte[] bytes = bytesOf(keyValue, null);
            buff.put(SERIALIZED_OBJECT).putVarInt(bytes.length).put(bytes);
        }
    }

    /**
     * As ObjectDataType reads a value, but a key of one text without Java deserialization, which otherwise costs most
     * of what reading an index page back takes (H2 does that for every page it has to load, and for the live pages of
     * old chunks it rewrites to reclaim their space).
     */
    @Override
    public Object read(ByteBuffer buff) {
        int start = buff.position();
        if (buff.get(start) == SERIALIZED_OBJECT) {
            buff.get();
            int length = DataUtils.readVarInt(buff);
            String text = TextKey.read(buff, length);
            if (text != null) {
                return new KeyValue(text);
            }
            buff.position(start);
        }
        return super.read(buff);
    }

    @Override
    public int getMemory(Object key) {
        if (!(key instanceof KeyValue keyValue)) {
            return super.getMemory(key);
        }
        String text = TextKey.of(keyValue);
        if (text != null) {
            return MEMORY_PER_BYTE * TextKey.serializedLength(text);
        }
        return isPlain(keyValue) ? MEMORY_PER_BYTE * bytesOf(keyValue, null).length : super.getMemory(key);
    }

    /** The key's serialized bytes; {@code text} is its text when it is a key of one text ({@link TextKey#of}). */
    private byte[] bytesOf(KeyValue key, String text) {
        if (text != null) {
            return TextKey.serialize(text);
        }
        return isPlain(key) ? remembered(key) : serialize(key);
    }

    private synchronized byte[] remembered(KeyValue key) {
        byte[] bytes = serialized.get(key);
        if (bytes == null) {
            bytes = serialize(key);
            serialized.put(key, bytes);
        }
        return bytes;
    }

    /**
     * Keys made only of values whose equal instances serialize to equal bytes, so that the bytes remembered for one
     * key serve every key equal to it (equal doubles have equal bits; two equal sub-documents may list their fields in
     * different orders). Index keys hold numbers normalized to doubles.
     */
    private static boolean isPlain(KeyValue key) {
        for (Object value : key) {
            if (!(value == null || value instanceof String || value instanceof Long || value instanceof Integer || value instanceof Double
                || value instanceof Boolean || value instanceof ObjectId || value instanceof Missing)) {
                return false;
            }
        }
        return true;
    }
}
