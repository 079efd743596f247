package com.gifchat.gifs;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * Decides what an uploaded file is from its bytes alone (never its name or declared type): a GIF, PNG, JPEG or WebP
 * image, with its width and height, or nothing. A file cut short fails too: each format's end marker or declared
 * length is checked. Reads the file, so call it off the event loop.
 */
public final class ImageProbe {

    private static final byte[] GIF87 = "GIF87a".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] GIF89 = "GIF89a".getBytes(StandardCharsets.US_ASCII);
    private static final byte GIF_TRAILER = 0x3B;
    private static final int GIF_HEADER = 13;
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
    private static final byte[] PNG_IEND = {0, 0, 0, 0, 'I', 'E', 'N', 'D', (byte) 0xAE, 0x42, 0x60, (byte) 0x82};
    private static final int PNG_HEADER = 24;
    private static final int JPEG_SOI = 0xD8;
    private static final int JPEG_EOI = 0xD9;
    private static final byte[] RIFF = "RIFF".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] WEBP = "WEBP".getBytes(StandardCharsets.US_ASCII);
    private static final int WEBP_HEADER = 30;
    private static final int RIFF_PREAMBLE = 8;
    private static final int MAX_DIMENSION = 16_384;

    private ImageProbe() {
    }

    public static Optional<ImageInfo> probe(Path file) throws IOException {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            byte[] head = new byte[(int) Math.min(in.length(), 64)];
            in.readFully(head);
            Optional<ImageInfo> info;
            if (startsWith(head, GIF87) || startsWith(head, GIF89)) {
                info = gif(in, head);
            } else if (startsWith(head, PNG)) {
                info = png(in, head);
            } else if (head.length > 3 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == JPEG_SOI && (head[2] & 0xFF) == 0xFF) {
                info = jpeg(in);
            } else if (startsWith(head, RIFF) && head.length >= 12 && Arrays.equals(head, 8, 12, WEBP, 0, 4)) {
                info = webp(in, head);
            } else {
                info = Optional.empty();
            }
            return info.filter(image -> image.width() > 0 && image.height() > 0
                && image.width() <= MAX_DIMENSION && image.height() <= MAX_DIMENSION);
        }
    }

    private static Optional<ImageInfo> gif(RandomAccessFile in, byte[] head) throws IOException {
        if (head.length < GIF_HEADER || lastByte(in) != GIF_TRAILER) {
            return Optional.empty();
        }
        return Optional.of(new ImageInfo(ImageInfo.GIF, littleEndian16(head, 6), littleEndian16(head, 8)));
    }

    private static Optional<ImageInfo> png(RandomAccessFile in, byte[] head) throws IOException {
        if (head.length < PNG_HEADER || !"IHDR".equals(new String(head, 12, 4, StandardCharsets.US_ASCII))
            || !endsWith(in, PNG_IEND)) {
            return Optional.empty();
        }
        return Optional.of(new ImageInfo(ImageInfo.PNG, bigEndian32(head, 16), bigEndian32(head, 20)));
    }

    /** Walks the JPEG segments to the frame header (SOFn), which holds the size. */
    private static Optional<ImageInfo> jpeg(RandomAccessFile in) throws IOException {
        long length = in.length();
        if (length < 4) {
            return Optional.empty();
        }
        in.seek(length - 2);
        if (in.readUnsignedByte() != 0xFF || in.readUnsignedByte() != JPEG_EOI) {
            return Optional.empty();
        }
        long position = 2;
        while (position + 9 < length) {
            in.seek(position);
            if (in.readUnsignedByte() != 0xFF) {
                return Optional.empty();
            }
            int marker = in.readUnsignedByte();
            int segment = in.readUnsignedShort();
            if (isStartOfFrame(marker)) {
                in.readUnsignedByte(); // sample precision
                int height = in.readUnsignedShort();
                int width = in.readUnsignedShort();
                return Optional.of(new ImageInfo(ImageInfo.JPEG, width, height));
            }
            position += 2 + segment;
        }
        return Optional.empty();
    }

    private static boolean isStartOfFrame(int marker) {
        return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    }

    /** The three WebP flavours keep the size in different places: extended (VP8X), lossless (VP8L), lossy (VP8). */
    private static Optional<ImageInfo> webp(RandomAccessFile in, byte[] head) throws IOException {
        if (head.length < WEBP_HEADER || littleEndian32(head, 4) + RIFF_PREAMBLE != in.length()) {
            return Optional.empty();
        }
        String chunk = new String(head, 12, 4, StandardCharsets.US_ASCII);
        return switch (chunk) {
            case "VP8X" -> Optional.of(new ImageInfo(ImageInfo.WEBP, littleEndian24(head, 24) + 1, littleEndian24(head, 27) + 1));
            case "VP8L" -> {
                if ((head[20] & 0xFF) != 0x2F) {
                    yield Optional.empty();
                }
                long bits = littleEndian32(head, 21);
                yield Optional.of(new ImageInfo(ImageInfo.WEBP, (int) (bits & 0x3FFF) + 1, (int) ((bits >> 14) & 0x3FFF) + 1));
            }
            case "VP8 " -> {
                if ((head[23] & 0xFF) != 0x9D || (head[24] & 0xFF) != 0x01 || (head[25] & 0xFF) != 0x2A) {
                    yield Optional.empty();
                }
                yield Optional.of(new ImageInfo(ImageInfo.WEBP, littleEndian16(head, 26) & 0x3FFF, littleEndian16(head, 28) & 0x3FFF));
            }
            default -> Optional.empty();
        };
    }

    private static int lastByte(RandomAccessFile in) throws IOException {
        in.seek(in.length() - 1);
        return in.readByte();
    }

    private static boolean endsWith(RandomAccessFile in, byte[] suffix) throws IOException {
        if (in.length() < suffix.length) {
            return false;
        }
        byte[] tail = new byte[suffix.length];
        in.seek(in.length() - suffix.length);
        in.readFully(tail);
        return Arrays.equals(tail, suffix);
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        return bytes.length >= prefix.length && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static int littleEndian16(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
    }

    private static int littleEndian24(byte[] b, int at) {
        return littleEndian16(b, at) | (b[at + 2] & 0xFF) << 16;
    }

    private static long littleEndian32(byte[] b, int at) {
        return (littleEndian24(b, at) | (long) (b[at + 3] & 0xFF) << 24);
    }

    private static int bigEndian32(byte[] b, int at) {
        return (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | (b[at + 3] & 0xFF);
    }
}
