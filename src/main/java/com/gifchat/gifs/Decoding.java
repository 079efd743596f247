package com.gifchat.gifs;

import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Decodes images with the JDK's readers, to learn whether their data really is an image. The reader still goes
 * through all of every frame's data, but keeps only every n-th pixel of every n-th row, so the memory a check takes
 * stays small however large the image. A reader's warning (data it had to guess around) counts as damage.
 */
final class Decoding {

    /** Pixels kept of a frame at most: enough to hold a thumbnail, never the whole of a large image. */
    private static final long KEPT_PIXELS = 1 << 20;

    private Decoding() {
    }

    /** Decodes the first {@code images} images of a file of {@code format} ("gif", "png", "jpeg"). */
    static void decode(String format, byte[] bytes, int images) throws UnacceptableImage {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format);
        if (!readers.hasNext()) {
            throw new IllegalStateException("this JDK has no " + format + " reader");
        }
        ImageReader reader = readers.next();
        List<String> warnings = new ArrayList<>();
        reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
        try (ImageInputStream in = new BytesInput(bytes)) {
            // metadata is never needed, and some of it (compressed text) would be inflated just to be thrown away
            reader.setInput(in, false, true);
            for (int i = 0; i < images; i++) {
                ImageReadParam param = reader.getDefaultReadParam();
                int step = step((long) reader.getWidth(i) * reader.getHeight(i));
                param.setSourceSubsampling(step, step, 0, 0);
                // a raster needs no colour conversion, so CMYK JPEGs (which have no BufferedImage type) decode too
                if (reader.canReadRaster()) {
                    reader.readRaster(i, param);
                } else {
                    reader.read(i, param);
                }
            }
        } catch (IOException | RuntimeException e) {
            throw UnacceptableImage.damaged();
        } finally {
            reader.dispose();
        }
        if (!warnings.isEmpty()) {
            throw UnacceptableImage.damaged();
        }
    }

    private static int step(long pixels) {
        int step = 1;
        while (pixels / ((long) step * step) > KEPT_PIXELS) {
            step++;
        }
        return step;
    }
}
