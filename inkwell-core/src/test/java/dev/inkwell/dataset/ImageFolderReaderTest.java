package dev.inkwell.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.inkwell.core.InvalidInputException;
import dev.inkwell.image.ImageLimits;
import dev.inkwell.testing.SharedData;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderReaderTest {
    @TempDir
    Path dir;

    @Test
    void readsTheSharedHandwrittenDigitsWithLabelsFromFileNames() {
        List<Sample> s = TestSamples.readAll(ImageFolderReader.open(SharedData.handwritten28px(), 1, LabelSource.FILE_NAME,
                ImageLimits.DEFAULT));
        assertThat(s).extracting(Sample::label).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(s).allMatch(x -> x.shape().equals(new Shape(28, 28, 1)));
        // white ink on black: the border is black, some ink is bright
        assertThat(s.get(3).pixel(0, 0, 0)).isZero();
        assertThat(s.get(3).pixels()).contains((byte) 0xFE);
    }

    @Test
    void decodesPngJpegGifAndBmpToTheSameGrey() throws IOException {
        BufferedImage img = new BufferedImage(8, 6, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 6; y++) for (int x = 0; x < 8; x++) img.setRGB(x, y, x < 4 ? 0xFFFFFF : 0x000000);
        for (String format : new String[] {"png", "jpg", "gif", "bmp"}) {
            ImageIO.write(img, format.equals("jpg") ? "jpeg" : format, dir.resolve("4_digit." + format).toFile());
        }
        List<Sample> s = TestSamples.readAll(ImageFolderReader.open(dir, 1, LabelSource.FILE_NAME, ImageLimits.DEFAULT));
        assertThat(s).hasSize(4).allMatch(x -> x.label() == 4 && x.width() == 8 && x.height() == 6);
        for (Sample x : s) {
            assertThat(x.pixel(0, 0, 0)).as(x.source()).isGreaterThan(240);
            assertThat(x.pixel(7, 5, 0)).as(x.source()).isLessThan(15);
        }
    }

    @Test
    void labelsFromParentFoldersAndSplitsFromPath() throws IOException {
        for (String p : List.of("train/3/a.png", "train/7/b.png", "test/1/c.png")) {
            Path f = dir.resolve(p);
            Files.createDirectories(f.getParent());
            ImageIO.write(new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_GRAY), "png", f.toFile());
        }
        Files.writeString(dir.resolve("train/README.txt"), "not an image, skipped");
        List<Sample> s = TestSamples.readAll(Datasets.open(dir).open());
        assertThat(s).extracting(Sample::label).containsExactly(1, 3, 7);
        assertThat(s).extracting(Sample::split).containsExactly("test", "train", "train");
        assertThatThrownBy(() -> TestSamples.readAll(ImageFolderReader.open(dir, 1, LabelSource.FILE_NAME, ImageLimits.DEFAULT)))
                .hasMessageContaining("start with its label digit");
    }

    @Test
    void rgbKeepsColoursAndTransparencyIsFlattenedOntoWhite() throws IOException {
        BufferedImage img = new BufferedImage(2, 1, BufferedImage.TYPE_INT_ARGB);
        img.setRGB(0, 0, 0xFFFF0000);
        img.setRGB(1, 0, 0x00000000);
        ImageIO.write(img, "png", dir.resolve("1.png").toFile());
        Sample s = TestSamples.readAll(ImageFolderReader.open(dir, 3, LabelSource.AUTO, ImageLimits.DEFAULT)).getFirst();
        assertThat(s.pixels()).containsExactly((byte) 255, 0, 0, (byte) 255, (byte) 255, (byte) 255);
    }

    @Test
    void sixteenBitGreyIsScaledNotGammaShifted() throws IOException {
        BufferedImage img = new BufferedImage(1, 1, BufferedImage.TYPE_USHORT_GRAY);
        img.getRaster().setSample(0, 0, 0, 0x8000);
        ImageIO.write(img, "png", dir.resolve("2.png").toFile());
        assertThat(TestSamples.readAll(ImageFolderReader.open(dir, 1, LabelSource.AUTO, ImageLimits.DEFAULT)).getFirst()
                .pixel(0, 0, 0)).isEqualTo(128);
    }

    @Test
    void aNonImageWithAnImageNameIsRefused() throws IOException {
        Files.writeString(dir.resolve("5_fake.png"), "this is text");
        assertThatThrownBy(() -> TestSamples.readAll(Datasets.open(dir).open()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("5_fake.png").hasMessageContaining("not a recognised image");
    }

    @Test
    void oversizedImagesAreRefusedBeforeDecoding() throws IOException {
        ImageIO.write(new BufferedImage(300, 200, BufferedImage.TYPE_BYTE_GRAY), "png", dir.resolve("1.png").toFile());
        assertThatThrownBy(() -> TestSamples.readAll(ImageFolderReader.open(dir, 1, LabelSource.AUTO, new ImageLimits(1 << 20, 10_000))))
                .hasMessageContaining("300×200").hasMessageContaining("more than the limit of 10000");
        assertThatThrownBy(() -> TestSamples.readAll(ImageFolderReader.open(dir, 1, LabelSource.AUTO, new ImageLimits(10, 10_000_000))))
                .hasMessageContaining("at most 10 are accepted");
    }

    @Test
    void aFolderWithoutImagesIsRefused() throws IOException {
        Files.writeString(dir.resolve("notes.txt"), "hello");
        assertThatThrownBy(() -> Datasets.open(dir)).isInstanceOf(InvalidInputException.class)
                .hasMessage(dir + ": no images found: expected PNG, JPEG, GIF or BMP files in the folder or its subfolders");
    }
}
