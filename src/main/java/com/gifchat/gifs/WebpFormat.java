package com.gifchat.gifs;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * WebP: the JDK has no WebP decoder, so the RIFF container is walked chunk by chunk to its declared end, which must
 * be the file's end; the image's bitstream headers, its size, and every frame of an animation (its size, its place on
 * the canvas, its bitstream) are checked, with the pixels and frames counted against the limits. EXIF and XMP chunks
 * are dropped, and the header's flags for them cleared.
 */
final class WebpFormat {

    static final byte[] RIFF = "RIFF".getBytes(StandardCharsets.US_ASCII);
    static final byte[] WEBP = "WEBP".getBytes(StandardCharsets.US_ASCII);
    private static final int HEADER = 12;
    private static final int CHUNK_HEADER = 8;
    private static final int EXTENDED_HEADER = 10;
    private static final int FRAME_HEADER = 16;
    private static final int EXIF_FLAG = 0x08;
    private static final int XMP_FLAG = 0x04;
    private static final int ANIMATION_FLAG = 0x02;
    private static final int LOSSLESS_SIGNATURE = 0x2F;
    private static final int LOSSY_HEADER = 10;
    private static final int LOSSLESS_HEADER = 5;
    private static final int FOURTEEN_BITS = 0x3FFF;

    private WebpFormat() {
    }

    static boolean matches(byte[] bytes) {
        return ByteCursor.startsWith(bytes, 0, RIFF) && ByteCursor.startsWith(bytes, 8, WEBP);
    }

    static Checked check(byte[] bytes, ImageLimits limits) throws UnacceptableImage {
        ByteCursor header = new ByteCursor(bytes, RIFF.length);
        if (header.u32le() + 8 != bytes.length) {
            throw UnacceptableImage.damaged();
        }
        Chunk first = Chunk.at(bytes, HEADER);
        return switch (first.type()) {
            case "VP8 ", "VP8L" -> {
                long[] size = bitstreamSize(bytes, first);
                if (first.end() != bytes.length) {
                    throw UnacceptableImage.damaged();
                }
                limits.checkCanvas(size[0], size[1]);
                yield new Checked(new ImageInfo(ImageInfo.WEBP, (int) size[0], (int) size[1]), bytes);
            }
            case "VP8X" -> extended(bytes, first, limits);
            default -> throw UnacceptableImage.damaged();
        };
    }

    /** The extended format: a canvas, then either one image or an animation's frames, and optional chunks. */
    private static Checked extended(byte[] bytes, Chunk header, ImageLimits limits) throws UnacceptableImage {
        if (header.length() < EXTENDED_HEADER) {
            throw UnacceptableImage.damaged();
        }
        ByteCursor canvas = new ByteCursor(bytes, header.data());
        int flags = canvas.u8();
        canvas.skip(3);
        long width = canvas.u24le() + 1L;
        long height = canvas.u24le() + 1L;
        limits.checkCanvas(width, height);
        boolean animated = (flags & ANIMATION_FLAG) != 0;
        ByteArrayOutputStream kept = new ByteArrayOutputStream(bytes.length);
        kept.write(bytes, 0, header.end());
        int images = 0;
        long pixels = 0;
        for (int at = header.end(); at < bytes.length; ) {
            Chunk chunk = Chunk.at(bytes, at);
            switch (chunk.type()) {
                case "ANMF" -> {
                    long framePixels = frame(bytes, chunk, width, height);
                    limits.checkFrames(++images);
                    limits.checkPixels(pixels += framePixels);
                }
                case "VP8 ", "VP8L" -> {
                    long[] size = bitstreamSize(bytes, chunk);
                    if (size[0] != width || size[1] != height) {
                        throw UnacceptableImage.damaged();
                    }
                    images++;
                }
                default -> { }
            }
            if (!chunk.type().equals("EXIF") && !chunk.type().equals("XMP ")) {
                kept.write(bytes, chunk.start(), chunk.end() - chunk.start());
            }
            at = chunk.end();
        }
        if (images == 0 || (!animated && images != 1)) {
            throw UnacceptableImage.damaged();
        }
        if (kept.size() == bytes.length) {
            return new Checked(new ImageInfo(ImageInfo.WEBP, (int) width, (int) height), bytes);
        }
        byte[] stored = kept.toByteArray();
        stored[HEADER + CHUNK_HEADER] &= (byte) ~(EXIF_FLAG | XMP_FLAG);
        long riffSize = stored.length - 8L;
        for (int i = 0; i < 4; i++) {
            stored[RIFF.length + i] = (byte) (riffSize >> (8 * i));
        }
        return new Checked(new ImageInfo(ImageInfo.WEBP, (int) width, (int) height), stored);
    }

    /** One frame of an animation: where it sits (inside the canvas) and its bitstream; returns its pixels. */
    private static long frame(byte[] bytes, Chunk chunk, long canvasWidth, long canvasHeight) throws UnacceptableImage {
        if (chunk.length() < FRAME_HEADER + CHUNK_HEADER) {
            throw UnacceptableImage.damaged();
        }
        ByteCursor in = new ByteCursor(bytes, chunk.data());
        long x = in.u24le() * 2L;
        long y = in.u24le() * 2L;
        long width = in.u24le() + 1L;
        long height = in.u24le() + 1L;
        if (x + width > canvasWidth || y + height > canvasHeight) {
            throw UnacceptableImage.damaged();
        }
        boolean bitstream = false;
        for (int at = chunk.data() + FRAME_HEADER; at < chunk.data() + chunk.length(); ) {
            Chunk inner = Chunk.at(bytes, at);
            if (inner.end() > chunk.data() + chunk.length()) {
                throw UnacceptableImage.damaged();
            }
            if (inner.type().equals("VP8 ") || inner.type().equals("VP8L")) {
                long[] size = bitstreamSize(bytes, inner);
                if (bitstream || size[0] != width || size[1] != height) {
                    throw UnacceptableImage.damaged();
                }
                bitstream = true;
            }
            at = inner.end();
        }
        if (!bitstream) {
            throw UnacceptableImage.damaged();
        }
        return width * height;
    }

    /** Width and height from a lossy (VP8) key frame's header or a lossless (VP8L) header. */
    private static long[] bitstreamSize(byte[] bytes, Chunk chunk) throws UnacceptableImage {
        ByteCursor in = new ByteCursor(bytes, chunk.data());
        if (chunk.type().equals("VP8L")) {
            if (chunk.length() < LOSSLESS_HEADER || in.u8() != LOSSLESS_SIGNATURE) {
                throw UnacceptableImage.damaged();
            }
            long bits = in.u32le();
            if ((bits >>> 29) != 0) {
                throw UnacceptableImage.damaged();
            }
            return new long[]{(bits & FOURTEEN_BITS) + 1, ((bits >>> 14) & FOURTEEN_BITS) + 1};
        }
        if (chunk.length() < LOSSY_HEADER) {
            throw UnacceptableImage.damaged();
        }
        int tag = in.u24le();
        boolean keyFrame = (tag & 1) == 0;
        long firstPartition = tag >>> 5;
        if (!keyFrame || firstPartition > chunk.length() - LOSSY_HEADER
            || in.u8() != 0x9D || in.u8() != 0x01 || in.u8() != 0x2A) {
            throw UnacceptableImage.damaged();
        }
        long width = in.u16le() & FOURTEEN_BITS;
        long height = in.u16le() & FOURTEEN_BITS;
        if (width == 0 || height == 0) {
            throw UnacceptableImage.damaged();
        }
        return new long[]{width, height};
    }

    /** A RIFF chunk: type, payload, and padding to an even length; it must fit in the file. */
    private record Chunk(String type, int start, int data, long length, int end) {

        static Chunk at(byte[] bytes, int start) throws UnacceptableImage {
            ByteCursor in = new ByteCursor(bytes, start);
            String type = in.ascii(4);
            long length = in.u32le();
            int data = in.position();
            in.skip(length + (length & 1));
            return new Chunk(type, start, data, length, in.position());
        }
    }
}
