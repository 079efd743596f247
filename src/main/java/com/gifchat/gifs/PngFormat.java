package com.gifchat.gifs;

import java.io.ByteArrayOutputStream;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * PNG: every chunk is walked, its checksum verified, from the header to IEND, which must end the file; the size and,
 * for an animated PNG, every frame's size are checked against the limits before anything is decoded; then the image
 * is decoded. Chunks that only describe the picture (EXIF, which can hold where it was taken, and text) are dropped.
 * The frames of an animated PNG after the first are walked, not decoded: the JDK's reader knows only the first.
 */
final class PngFormat {

    static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
    private static final Set<String> DESCRIPTIVE = Set.of("eXIf", "tEXt", "zTXt", "iTXt");
    private static final int HEADER_LENGTH = 13;
    private static final long MAX_CHUNK_LENGTH = Integer.MAX_VALUE;
    private static final int LENGTH_AND_TYPE = 8;
    private static final int CRC_BYTES = 4;

    private PngFormat() {
    }

    static boolean matches(byte[] bytes) {
        return ByteCursor.startsWith(bytes, 0, SIGNATURE);
    }

    static Checked check(byte[] bytes, ImageLimits limits) throws UnacceptableImage {
        ByteCursor in = new ByteCursor(bytes, SIGNATURE.length);
        ByteArrayOutputStream kept = new ByteArrayOutputStream(bytes.length);
        kept.write(bytes, 0, SIGNATURE.length);
        boolean dropped = false;
        Frames frames = null;
        boolean imageData = false;
        for (boolean end = false; !end; ) {
            int start = in.position();
            long length = in.u32be();
            String type = in.ascii(4);
            if (length > MAX_CHUNK_LENGTH || !type.chars().allMatch(Character::isLetter)) {
                throw UnacceptableImage.damaged();
            }
            int data = in.position();
            in.skip(length);
            long crc = in.u32be();
            if (crc != crcOf(bytes, start + 4, data + (int) length)) {
                throw UnacceptableImage.damaged();
            }
            if (frames == null) {
                if (!type.equals("IHDR") || length != HEADER_LENGTH) {
                    throw UnacceptableImage.damaged();
                }
                frames = new Frames(ByteCursor.u32be(bytes, data), ByteCursor.u32be(bytes, data + 4), limits);
            }
            switch (type) {
                case "IDAT" -> imageData = true;
                case "acTL" -> limits.checkFrames(ByteCursor.u32be(bytes, data));
                case "fcTL" -> frames.add(bytes, data, length, imageData);
                case "IEND" -> end = true;
                default -> { }
            }
            if (DESCRIPTIVE.contains(type)) {
                dropped = true;
            } else {
                kept.write(bytes, start, LENGTH_AND_TYPE + (int) length + CRC_BYTES);
            }
        }
        if (in.remaining() != 0 || !imageData) {
            throw UnacceptableImage.damaged();
        }
        byte[] stored = dropped ? kept.toByteArray() : bytes;
        Decoding.decode("png", stored, 1);
        return new Checked(new ImageInfo(ImageInfo.PNG, (int) frames.width, (int) frames.height), stored);
    }

    private static long crcOf(byte[] bytes, int from, int to) {
        CRC32 crc = new CRC32();
        crc.update(bytes, from, to - from);
        return crc.getValue();
    }

    /** The image's size, and the frames of an animated PNG, counted as their controls (fcTL) come. */
    private static final class Frames {

        private static final int FRAME_CONTROL_LENGTH = 26;

        final long width;
        final long height;
        private final ImageLimits limits;
        private long pixels;
        private int count;

        Frames(long width, long height, ImageLimits limits) throws UnacceptableImage {
            if (width == 0 || height == 0 || width > Integer.MAX_VALUE || height > Integer.MAX_VALUE) {
                throw UnacceptableImage.damaged();
            }
            limits.checkCanvas(width, height);
            this.width = width;
            this.height = height;
            this.limits = limits;
            this.pixels = width * height;
        }

        /** A frame control before the image data makes the image itself the first frame, already counted. */
        void add(byte[] bytes, int data, long length, boolean afterImageData) throws UnacceptableImage {
            if (length != FRAME_CONTROL_LENGTH) {
                throw UnacceptableImage.damaged();
            }
            long frameWidth = ByteCursor.u32be(bytes, data + 4);
            long frameHeight = ByteCursor.u32be(bytes, data + 8);
            long x = ByteCursor.u32be(bytes, data + 12);
            long y = ByteCursor.u32be(bytes, data + 16);
            if (frameWidth == 0 || frameHeight == 0 || x + frameWidth > width || y + frameHeight > height) {
                throw UnacceptableImage.damaged();
            }
            limits.checkFrames(++count);
            if (afterImageData || count > 1) {
                limits.checkPixels(pixels += frameWidth * frameHeight);
            }
        }
    }
}
