package com.gifchat.store.embedded;

import de.bwaldvogel.mongo.backend.KeyValue;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.ObjectDataType;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A unique-index key made of one short ASCII text, the shape of every id gif-chat stores, handled as if it were
 * Java-serialized without serializing it. Its serialized bytes are a prefix that every such key shares, the text's
 * length in two bytes, the text itself and an end mark; so two of them compare as their bytes do by length first,
 * then by their characters, and are read back without Java deserialization.
 */
final class TextKey {

    /** Java serialization's TC_STRING, which precedes texts of up to {@link #MAX_LENGTH} bytes. */
    private static final byte STRING = 0x74;
    /** Java serialization's TC_ENDBLOCKDATA, which ends the list of values. */
    private static final byte END_BLOCK = 0x78;
    private static final int MAX_LENGTH = 0xFFFF;
    /** Characters above it, and NUL, take more than one byte in the modified UTF-8 that serialization writes. */
    private static final char MAX_ONE_BYTE = 0x7F;
    private static final byte[] PREFIX = prefix();

    private TextKey() {
    }

    /** The key's text, or null when the key is not one short ASCII text. */
    static String of(KeyValue key) {
        if (key.size() != 1 || !(key.get(0) instanceof String text) || text.length() > MAX_LENGTH) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0 || c > MAX_ONE_BYTE) {
                return null;
            }
        }
        return text;
    }

    /** As {@link ObjectDataType#compareNotNull(byte[], byte[])} compares the two keys' serialized bytes. */
    static int compare(String first, String second) {
        int byLength = Integer.compare(first.length(), second.length());
        return byLength != 0 ? byLength : Integer.signum(first.compareTo(second));
    }

    static int serializedLength(String text) {
        return PREFIX.length + Byte.BYTES + Short.BYTES + text.length() + Byte.BYTES;
    }

    static void write(WriteBuffer buff, String text) {
        buff.put(PREFIX).put(STRING).putShort((short) text.length()).put(text.getBytes(StandardCharsets.US_ASCII)).put(END_BLOCK);
    }

    static byte[] serialize(String text) {
        byte[] bytes = Arrays.copyOf(PREFIX, serializedLength(text));
        int at = PREFIX.length;
        bytes[at++] = STRING;
        bytes[at++] = (byte) (text.length() >>> Byte.SIZE);
        bytes[at++] = (byte) text.length();
        System.arraycopy(text.getBytes(StandardCharsets.US_ASCII), 0, bytes, at, text.length());
        bytes[bytes.length - 1] = END_BLOCK;
        return bytes;
    }

    /**
     * The text of a key of one text serialized in the next {@code length} bytes of {@code buff}, which it then moves
     * past; null, with {@code buff} left where it was, when those bytes are another key.
     */
    static String read(ByteBuffer buff, int length) {
        int start = buff.position();
        int textLength = length - PREFIX.length - Byte.BYTES - Short.BYTES - Byte.BYTES;
        if (textLength < 0 || buff.remaining() < length) {
            return null;
        }
        for (int i = 0; i < PREFIX.length; i++) {
            if (buff.get(start + i) != PREFIX[i]) {
                return null;
            }
        }
        int at = start + PREFIX.length;
        int declared = ((buff.get(at + 1) & 0xFF) << Byte.SIZE) | (buff.get(at + 2) & 0xFF);
        if (buff.get(at) != STRING || declared != textLength || buff.get(start + length - 1) != END_BLOCK) {
            return null;
        }
        byte[] text = new byte[textLength];
        buff.get(at + 3, text);
        for (byte c : text) {
            if (c <= 0) {
                return null;
            }
        }
        buff.position(start + length);
        return new String(text, StandardCharsets.US_ASCII);
    }

    /** What every key of one text is serialized with before its text, taken from a serialized key. */
    private static byte[] prefix() {
        String sample = "k";
        byte[] bytes = ObjectDataType.serialize(new KeyValue(sample));
        byte[] tail = {STRING, 0, (byte) sample.length(), (byte) sample.charAt(0), END_BLOCK};
        int prefixLength = bytes.length - tail.length;
        if (!Arrays.equals(bytes, prefixLength, bytes.length, tail, 0, tail.length)) {
            throw new IllegalStateException("a serialized index key no longer ends with its text: the embedded store's key order needs a look");
        }
        return Arrays.copyOf(bytes, prefixLength);
    }
}
