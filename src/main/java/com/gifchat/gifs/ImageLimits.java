package com.gifchat.gifs;

import java.util.Locale;

/**
 * What an accepted image may cost to read: its pixels (width × height, summed over its frames, and its canvas), its
 * frames, and a JPEG's scans (each progressive pass costs a walk over the whole image). Checked from the headers,
 * before anything is decoded, so a small file that would inflate into a huge one is refused cheaply.
 */
public record ImageLimits(long maxPixels, int maxFrames, int maxJpegScans) {

    /** The largest width or height shown; larger images are refused whatever their pixel count. */
    static final int MAX_DIMENSION = 16_384;

    /** The image's own size (its canvas, for an animation), which counts towards its pixels too. */
    void checkCanvas(long width, long height) throws UnacceptableImage {
        if (width > MAX_DIMENSION || height > MAX_DIMENSION) {
            throw UnacceptableImage.tooBig("That image is too large: at most " + grouped(MAX_DIMENSION) + " pixels wide and high.");
        }
        checkPixels(width * height);
    }

    void checkPixels(long pixels) throws UnacceptableImage {
        if (pixels > maxPixels) {
            throw UnacceptableImage.tooBig("That image is too large: at most " + grouped(maxPixels)
                + " pixels (width × height, all frames together).");
        }
    }

    void checkFrames(long frames) throws UnacceptableImage {
        if (frames > maxFrames) {
            throw UnacceptableImage.tooBig("That animation has too many frames: at most " + grouped(maxFrames) + ".");
        }
    }

    void checkJpegScans(int scans) throws UnacceptableImage {
        if (scans > maxJpegScans) {
            throw UnacceptableImage.tooBig("That JPEG is saved in too many passes (at most " + grouped(maxJpegScans)
                + "). Save it again as a standard JPEG.");
        }
    }

    private static String grouped(long number) {
        return String.format(Locale.ROOT, "%,d", number);
    }
}
