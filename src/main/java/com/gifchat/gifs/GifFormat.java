package com.gifchat.gifs;

import java.nio.charset.StandardCharsets;

/**
 * GIF: every block is walked from the header to the trailer, which must end the file, counting frames and their
 * pixels against the limits before anything is decoded; then every frame is decoded. The file is stored as it came,
 * so an animation keeps every frame, timing and loop exactly.
 */
final class GifFormat {

    static final byte[] GIF87 = "GIF87a".getBytes(StandardCharsets.US_ASCII);
    static final byte[] GIF89 = "GIF89a".getBytes(StandardCharsets.US_ASCII);
    private static final int SIGNATURE = 6;
    private static final int EXTENSION = 0x21;
    private static final int IMAGE = 0x2C;
    private static final int TRAILER = 0x3B;
    private static final int HAS_COLOUR_TABLE = 0x80;
    /** Image descriptor: left, top (skipped), then width and height. */
    private static final int FRAME_OFFSET_BYTES = 4;
    private static final int MIN_CODE_SIZE_BYTES = 1;
    private static final int EXTENSION_LABEL_BYTES = 1;
    private static final int BACKGROUND_AND_ASPECT_BYTES = 2;

    private GifFormat() {
    }

    static boolean matches(byte[] bytes) {
        return ByteCursor.startsWith(bytes, 0, GIF87) || ByteCursor.startsWith(bytes, 0, GIF89);
    }

    static ImageInfo check(byte[] bytes, ImageLimits limits) throws UnacceptableImage {
        ByteCursor in = new ByteCursor(bytes, SIGNATURE);
        int width = in.u16le();
        int height = in.u16le();
        int flags = in.u8();
        in.skip(BACKGROUND_AND_ASPECT_BYTES);
        skipColourTable(in, flags);
        limits.checkCanvas(width, height);
        int frames = 0;
        long pixels = 0;
        for (int block = in.u8(); block != TRAILER; block = in.u8()) {
            if (block == EXTENSION) {
                in.skip(EXTENSION_LABEL_BYTES);
                skipSubBlocks(in);
            } else if (block == IMAGE) {
                in.skip(FRAME_OFFSET_BYTES);
                long framePixels = (long) in.u16le() * in.u16le();
                skipColourTable(in, in.u8());
                in.skip(MIN_CODE_SIZE_BYTES);
                if (framePixels == 0 || skipSubBlocks(in) == 0) {
                    throw UnacceptableImage.damaged();
                }
                limits.checkFrames(++frames);
                limits.checkPixels(pixels += framePixels);
            } else {
                throw UnacceptableImage.damaged();
            }
        }
        if (in.remaining() != 0 || frames == 0) {
            throw UnacceptableImage.damaged();
        }
        Decoding.decode("gif", bytes, frames);
        return new ImageInfo(ImageInfo.GIF, width, height);
    }

    private static void skipColourTable(ByteCursor in, int flags) throws UnacceptableImage {
        if ((flags & HAS_COLOUR_TABLE) != 0) {
            in.skip(3L << ((flags & 0x07) + 1));
        }
    }

    /** Skips a run of data sub-blocks and its terminator; returns how many data bytes it held. */
    private static long skipSubBlocks(ByteCursor in) throws UnacceptableImage {
        long total = 0;
        for (int size = in.u8(); size != 0; size = in.u8()) {
            in.skip(size);
            total += size;
        }
        return total;
    }
}
