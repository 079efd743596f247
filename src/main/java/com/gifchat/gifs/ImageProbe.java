package com.gifchat.gifs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Decides whether an uploaded file is an image that may be shown: a GIF, PNG, JPEG or WebP judged by its bytes alone
 * (never its name or declared type) that reads to its end within the {@link ImageLimits}. Each format's class says
 * what reading it means. Reads and decodes the file, so call it off the event loop.
 */
public final class ImageProbe {

    private static final String CLEANED_SUFFIX = ".clean";

    private ImageProbe() {
    }

    /**
     * The image in {@code upload}, and the file to store: the upload itself, or, when its format carries metadata to
     * drop (location, camera, text), a copy without it next to the upload, which the caller deletes when done.
     */
    public static AcceptedImage accept(Path upload, ImageLimits limits) throws IOException, UnacceptableImage {
        byte[] bytes = Files.readAllBytes(upload);
        Checked checked = check(bytes, limits);
        if (checked.bytes() == bytes) {
            return new AcceptedImage(checked.info(), upload);
        }
        Path cleaned = upload.resolveSibling(upload.getFileName() + CLEANED_SUFFIX);
        Files.write(cleaned, checked.bytes());
        return new AcceptedImage(checked.info(), cleaned);
    }

    /** The image these bytes hold, and what is to be stored of it (the same array when nothing is dropped). */
    static Checked check(byte[] bytes, ImageLimits limits) throws UnacceptableImage {
        Checked checked;
        if (GifFormat.matches(bytes)) {
            checked = new Checked(GifFormat.check(bytes, limits), bytes);
        } else if (PngFormat.matches(bytes)) {
            checked = PngFormat.check(bytes, limits);
        } else if (JpegFormat.matches(bytes)) {
            checked = JpegFormat.check(bytes, limits);
        } else if (WebpFormat.matches(bytes)) {
            checked = WebpFormat.check(bytes, limits);
        } else {
            throw UnacceptableImage.notAnImage();
        }
        ImageInfo info = checked.info();
        if (info.width() <= 0 || info.height() <= 0) {
            throw UnacceptableImage.damaged();
        }
        return checked;
    }

    /** An accepted image and the file that holds what is to be stored of it. */
    public record AcceptedImage(ImageInfo info, Path file) {
    }
}
