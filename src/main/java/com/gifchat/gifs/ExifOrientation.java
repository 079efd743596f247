package com.gifchat.gifs;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The one piece of a photo's EXIF worth keeping: which way up it is. Read from the first directory of an EXIF
 * segment; written back as an EXIF segment holding nothing else. EXIF that cannot be read gives no orientation
 * (it is dropped either way), never a refusal.
 */
final class ExifOrientation {

    static final int NONE = 0;
    private static final int UPRIGHT = 1;
    private static final int MAX = 8;
    private static final byte[] EXIF = "Exif\0\0".getBytes(StandardCharsets.US_ASCII);
    private static final int ORIENTATION_TAG = 0x0112;
    private static final int SHORT_TYPE = 3;
    private static final int TIFF_MAGIC = 42;
    private static final int ENTRY_BYTES = 12;
    private static final int TIFF_HEADER_BYTES = 8;

    private ExifOrientation() {
    }

    /** The orientation (2 to 8) in the EXIF payload between {@code from} and {@code to}, or NONE. */
    static int of(byte[] bytes, int from, int to) {
        if (to - from < EXIF.length || !ByteCursor.startsWith(bytes, from, EXIF)) {
            return NONE;
        }
        ByteBuffer tiff = ByteBuffer.wrap(bytes, from + EXIF.length, to - from - EXIF.length).slice();
        if (tiff.remaining() < TIFF_HEADER_BYTES) {
            return NONE;
        }
        int order = tiff.getShort(0);
        if (order == 0x4949) {
            tiff.order(ByteOrder.LITTLE_ENDIAN);
        } else if (order != 0x4D4D) {
            return NONE;
        }
        long directory = Integer.toUnsignedLong(tiff.getInt(4));
        if ((tiff.getShort(2) & 0xFFFF) != TIFF_MAGIC || directory + 2 > tiff.limit()) {
            return NONE;
        }
        int entries = tiff.getShort((int) directory) & 0xFFFF;
        for (int i = 0; i < entries; i++) {
            int entry = (int) directory + 2 + i * ENTRY_BYTES;
            if (entry + ENTRY_BYTES > tiff.limit()) {
                return NONE;
            }
            if ((tiff.getShort(entry) & 0xFFFF) == ORIENTATION_TAG && (tiff.getShort(entry + 2) & 0xFFFF) == SHORT_TYPE) {
                int value = tiff.getShort(entry + 8) & 0xFFFF;
                return value > UPRIGHT && value <= MAX ? value : NONE;
            }
        }
        return NONE;
    }

    /** An APP1 segment, marker included, whose EXIF says only this orientation; nothing for NONE. */
    static byte[] segment(int orientation) {
        if (orientation == NONE) {
            return new byte[0];
        }
        int payload = EXIF.length + TIFF_HEADER_BYTES + 2 + ENTRY_BYTES + 4;
        ByteBuffer out = ByteBuffer.allocate(4 + payload).order(ByteOrder.BIG_ENDIAN);
        out.put((byte) 0xFF).put((byte) 0xE1).putShort((short) (2 + payload)).put(EXIF)
            .putShort((short) 0x4D4D).putShort((short) TIFF_MAGIC).putInt(TIFF_HEADER_BYTES)
            .putShort((short) 1)
            .putShort((short) ORIENTATION_TAG).putShort((short) SHORT_TYPE).putInt(1).putShort((short) orientation).putShort((short) 0)
            .putInt(0);
        return out.array();
    }
}
