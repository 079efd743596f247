package com.gifchat.gifs;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * JPEG: the segments are walked from the start of image to its end, scans included, with the frame's size and the
 * number of scans checked against the limits before anything is decoded. What is stored is the same image without
 * what describes it: EXIF (which can hold where and when it was taken, and by what camera), XMP, comments, and
 * anything after its end, such as the second image some phones append. Only the orientation survives, in an EXIF
 * segment of its own, so a photo taken sideways still shows upright; colour profiles and Adobe's colour transform,
 * which decide how its colours look, stay. The pixels are not re-encoded. The stored bytes are then decoded.
 */
final class JpegFormat {

    private static final int MARKER = 0xFF;
    private static final int SOI = 0xD8;
    private static final int EOI = 0xD9;
    private static final int SOS = 0xDA;
    private static final int APP0 = 0xE0;
    private static final int APP1 = 0xE1;
    private static final int APP2 = 0xE2;
    private static final int APP14 = 0xEE;
    private static final int APP15 = 0xEF;
    private static final int COM = 0xFE;
    private static final byte[] ICC_PROFILE = "ICC_PROFILE\0".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ADOBE = "Adobe".getBytes(StandardCharsets.US_ASCII);
    private static final int LENGTH_BYTES = 2;

    private JpegFormat() {
    }

    static boolean matches(byte[] bytes) {
        return bytes.length > 3 && (bytes[0] & 0xFF) == MARKER && (bytes[1] & 0xFF) == SOI && (bytes[2] & 0xFF) == MARKER;
    }

    static Checked check(byte[] bytes, ImageLimits limits) throws UnacceptableImage {
        List<int[]> kept = new ArrayList<>();
        int orientation = ExifOrientation.NONE;
        int width = 0;
        int height = 0;
        int scans = 0;
        int at = 2;
        while (true) {
            int marker = markerAt(bytes, at);
            at = skipFill(bytes, at) + 1;
            if (marker == EOI) {
                break;
            }
            if (at + LENGTH_BYTES > bytes.length) {
                throw UnacceptableImage.damaged();
            }
            int end = at + ByteCursor.u16be(bytes, at);
            if (end < at + LENGTH_BYTES || end > bytes.length) {
                throw UnacceptableImage.damaged();
            }
            if (isStartOfFrame(marker)) {
                if (width != 0 || end - at < 7) {
                    throw UnacceptableImage.damaged();
                }
                height = ByteCursor.u16be(bytes, at + 3);
                width = ByteCursor.u16be(bytes, at + 5);
                if (width == 0 || height == 0) {
                    throw UnacceptableImage.damaged();
                }
                limits.checkCanvas(width, height);
            } else if (marker == APP1 && orientation == ExifOrientation.NONE) {
                orientation = ExifOrientation.of(bytes, at + LENGTH_BYTES, end);
            }
            if (keeps(marker, bytes, at + LENGTH_BYTES)) {
                kept.add(new int[]{at - 2, end});
            }
            at = end;
            if (marker == SOS) {
                if (width == 0) {
                    throw UnacceptableImage.damaged();
                }
                limits.checkJpegScans(++scans);
                int dataEnd = endOfScanData(bytes, at);
                kept.add(new int[]{at, dataEnd});
                at = dataEnd;
            }
        }
        if (scans == 0) {
            throw UnacceptableImage.damaged();
        }
        byte[] stored = write(bytes, kept, orientation);
        Decoding.decode("jpeg", stored, 1);
        return new Checked(new ImageInfo(ImageInfo.JPEG, width, height), stored);
    }

    /** The marker at {@code at}, after any fill bytes; anything but a marker there is damage. */
    private static int markerAt(byte[] bytes, int at) throws UnacceptableImage {
        if (at >= bytes.length || (bytes[at] & 0xFF) != MARKER) {
            throw UnacceptableImage.damaged();
        }
        int code = skipFill(bytes, at);
        int marker = bytes[code] & 0xFF;
        // standalone markers (restarts, a second start) belong inside scan data or nowhere
        if (marker == 0x00 || marker == 0x01 || marker == SOI || (marker >= 0xD0 && marker <= 0xD7)) {
            throw UnacceptableImage.damaged();
        }
        return marker;
    }

    /** The position of the marker's code byte: after the 0xFF and any fill bytes (more 0xFF) before it. */
    private static int skipFill(byte[] bytes, int at) throws UnacceptableImage {
        int code = at;
        while (code < bytes.length && (bytes[code] & 0xFF) == MARKER) {
            code++;
        }
        if (code >= bytes.length) {
            throw UnacceptableImage.damaged();
        }
        return code;
    }

    /** Scan data runs to the next marker that is neither a stuffed 0xFF (0xFF00) nor a restart (0xFFD0-0xFFD7). */
    private static int endOfScanData(byte[] bytes, int at) throws UnacceptableImage {
        for (int i = at; i < bytes.length - 1; i++) {
            if ((bytes[i] & 0xFF) != MARKER) {
                continue;
            }
            int next = i + 1;
            while (next < bytes.length && (bytes[next] & 0xFF) == MARKER) {
                next++;
            }
            if (next >= bytes.length) {
                break;
            }
            int code = bytes[next] & 0xFF;
            if (code != 0x00 && (code < 0xD0 || code > 0xD7)) {
                return i;
            }
            i = next;
        }
        throw UnacceptableImage.damaged();
    }

    private static boolean isStartOfFrame(int marker) {
        return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    }

    /** Application segments and comments go, except JFIF, colour profiles and Adobe's colour transform. */
    private static boolean keeps(int marker, byte[] bytes, int payload) {
        if (marker == APP0) {
            return true;
        }
        if (marker == APP2) {
            return ByteCursor.startsWith(bytes, payload, ICC_PROFILE);
        }
        if (marker == APP14) {
            return ByteCursor.startsWith(bytes, payload, ADOBE);
        }
        return !(marker >= APP1 && marker <= APP15) && marker != COM;
    }

    /** Start of image, a leading JFIF segment, the orientation (if any), the kept rest, end of image. */
    private static byte[] write(byte[] bytes, List<int[]> kept, int orientation) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length);
        out.write(MARKER);
        out.write(SOI);
        int next = 0;
        if (!kept.isEmpty() && (bytes[kept.get(0)[0] + 1] & 0xFF) == APP0) {
            out.write(bytes, kept.get(0)[0], kept.get(0)[1] - kept.get(0)[0]);
            next = 1;
        }
        out.writeBytes(ExifOrientation.segment(orientation));
        for (int[] range : kept.subList(next, kept.size())) {
            out.write(bytes, range[0], range[1] - range[0]);
        }
        out.write(MARKER);
        out.write(EOI);
        return out.toByteArray();
    }
}
