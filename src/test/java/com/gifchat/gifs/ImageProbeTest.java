package com.gifchat.gifs;

import com.gifchat.support.Images;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Whatever bytes arrive, the probe answers with an image or a refusal a person can read: never another exception,
 * which would be a 500. Damaged copies of real images of every format, cut at every length and with bytes changed,
 * must not get through in any other way.
 */
class ImageProbeTest {

    private static final ImageLimits LIMITS = new ImageLimits(4_000_000, 50, 20);
    private static final int MUTANTS_PER_IMAGE = 800;

    @TempDir
    Path folder;

    private static List<Buffer> originals() {
        return List.of(Images.gif(24, 16), Images.animatedGif(12, 12, 3), Images.encoded("png", 24, 16),
            Images.jpeg(24, 16, false), Images.jpeg(24, 16, true), Images.webp(24, 16), Images.webpWithExif(8, 8, new byte[]{1, 2, 3}));
    }

    /**
     * Accepts or refuses; any other outcome fails the test, naming the input. The bytes go to the check that
     * {@link ImageProbe#accept} runs on what it read, without a file for each of thousands of inputs.
     */
    private static void probe(byte[] bytes, String what) {
        try {
            ImageInfo info = ImageProbe.check(bytes, LIMITS).info();
            assertTrue(info.width() > 0 && info.height() > 0, what);
        } catch (UnacceptableImage refused) {
            assertFalse(refused.getMessage().isBlank(), what);
        } catch (RuntimeException e) {
            fail(what + " threw " + e, e);
        }
    }

    @Test
    void everyOriginalIsAccepted() throws Exception {
        for (Buffer original : originals()) {
            Path file = Files.write(Files.createTempFile(folder, "upload", ".bin"), original.getBytes());
            assertNotNull(ImageProbe.accept(file, LIMITS).info());
        }
    }

    @Test
    void everyImageCutShortAtAnyLengthIsRefused() throws Exception {
        for (Buffer original : originals()) {
            for (int length = 0; length < original.length(); length++) {
                byte[] cut = original.getBytes(0, length);
                assertThrows(UnacceptableImage.class, () -> ImageProbe.check(cut, LIMITS), () -> "cut to " + cut.length + " bytes");
            }
        }
    }

    @Test
    void changedBytesGiveAnImageOrARefusalNeverAnError() {
        Random random = new Random(20);
        for (Buffer original : originals()) {
            for (int i = 0; i < MUTANTS_PER_IMAGE; i++) {
                byte[] mutant = original.getBytes();
                int changes = 1 + random.nextInt(4);
                for (int c = 0; c < changes; c++) {
                    mutant[random.nextInt(mutant.length)] = (byte) random.nextInt(256);
                }
                probe(mutant, "mutant " + i);
            }
        }
    }
}
