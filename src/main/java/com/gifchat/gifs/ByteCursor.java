package com.gifchat.gifs;

import java.nio.charset.StandardCharsets;

/** Reads numbers out of a file's bytes; reading past the end means the file was cut short. */
final class ByteCursor {

    private final byte[] bytes;
    private int position;

    ByteCursor(byte[] bytes, int position) {
        this.bytes = bytes;
        this.position = position;
    }

    int position() {
        return position;
    }

    int remaining() {
        return bytes.length - position;
    }

    void skip(long count) throws UnacceptableImage {
        need(count);
        position += (int) count;
    }

    int u8() throws UnacceptableImage {
        need(1);
        return bytes[position++] & 0xFF;
    }

    int u16le() throws UnacceptableImage {
        return u8() | u8() << 8;
    }

    int u24le() throws UnacceptableImage {
        return u16le() | u8() << 16;
    }

    long u32le() throws UnacceptableImage {
        return u24le() | (long) u8() << 24;
    }

    long u32be() throws UnacceptableImage {
        return (long) u8() << 24 | u8() << 16 | u8() << 8 | u8();
    }

    String ascii(int length) throws UnacceptableImage {
        need(length);
        String text = new String(bytes, position, length, StandardCharsets.US_ASCII);
        position += length;
        return text;
    }

    private void need(long count) throws UnacceptableImage {
        if (count < 0 || count > remaining()) {
            throw UnacceptableImage.damaged();
        }
    }

    static int u16be(byte[] bytes, int at) {
        return (bytes[at] & 0xFF) << 8 | (bytes[at + 1] & 0xFF);
    }

    static long u32be(byte[] bytes, int at) {
        return (long) u16be(bytes, at) << 16 | u16be(bytes, at + 2);
    }

    static boolean startsWith(byte[] bytes, int at, byte[] prefix) {
        if (at < 0 || at + prefix.length > bytes.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[at + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
