package dev.inkwell.serving.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.inkwell.image.GrayImage;
import dev.inkwell.serving.input.PredictInput;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageHeadersTest {

    @ParameterizedTest
    @ValueSource(strings = {"png", "jpeg", "gif", "bmp"})
    void pixelsComeFromTheHeaderOfEveryFormat(String format) throws IOException {
        assertThat(ImageHeaders.pixels(encode(format, 600, 400))).isEqualTo(240_000);
        assertThat(ImageHeaders.pixels(encode(format, 28, 28))).isEqualTo(784);
    }

    @Test
    void noHeaderMeansMinusOne() throws IOException {
        assertThat(ImageHeaders.pixels(null)).isEqualTo(-1);
        assertThat(ImageHeaders.pixels(new byte[0])).isEqualTo(-1);
        assertThat(ImageHeaders.pixels("not a picture".getBytes(StandardCharsets.UTF_8))).isEqualTo(-1);
        byte[] png = encode("png", 28, 28);
        assertThat(ImageHeaders.pixels(Arrays.copyOf(png, 20))).as("cut inside IHDR").isEqualTo(-1);
        byte[] noIhdr = png.clone();
        noIhdr[12] = 'X';
        assertThat(ImageHeaders.pixels(noIhdr)).isEqualTo(-1);
        byte[] zeroWide = png.clone();
        Arrays.fill(zeroWide, 16, 20, (byte) 0);
        assertThat(ImageHeaders.pixels(zeroWide)).isEqualTo(-1);
        byte[] jpeg = encode("jpeg", 28, 28);
        assertThat(ImageHeaders.pixels(Arrays.copyOf(jpeg, 4))).as("a JPEG cut before its frame header").isEqualTo(-1);
    }

    /** Regression (HostileInputTest): a header over the decoder's limit was told "try again later" (503) when the budget was busy. */
    @Test
    void aPictureOverTheDecodersLimitIsNotChargedItIsRefusedByTheDecoder() throws IOException {
        byte[] png = encode("png", 28, 28);
        Arrays.fill(png, 16, 24, (byte) 0x7f); // a lying header: far more pixels than any decoder limit
        PixelAdmission gate = new PixelAdmission(new PixelBudget(1_000, 100), Duration.ofSeconds(1), 40_000_000L);
        try (var large = gate.admit(List.of(new PredictInput.EncodedImage(encode("png", 30, 30), "large")))) {
            assertThat(gate.budget().inFlight()).as("the large share is taken").isEqualTo(900);
            try (var hostile = gate.admit(List.of(new PredictInput.EncodedImage(png, "hostile")))) {
                assertThat(gate.budget().inFlight()).as("charged nothing: the decoder refuses it from its header").isEqualTo(900);
            }
        }
        assertThat(gate.rejected()).isZero();
        assertThatThrownBy(() -> new PixelAdmission(new PixelBudget(1_000, 100), Duration.ofSeconds(1), 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aLyingHeaderOfHugeSizeSaturatesInsteadOfWrapping() throws IOException {
        byte[] png = encode("png", 28, 28);
        Arrays.fill(png, 16, 24, (byte) 0xff); // 4,294,967,295 × 4,294,967,295
        assertThat(ImageHeaders.pixels(png)).isEqualTo(Long.MAX_VALUE);
        PixelAdmission gate = new PixelAdmission(new PixelBudget(1_000, 100), Duration.ofSeconds(1));
        assertThat(PixelAdmission.cost(List.of(new PredictInput.EncodedImage(png, "a"), new PredictInput.EncodedImage(png, "b"))))
                .isEqualTo(Long.MAX_VALUE);
        try (var ticket = gate.admit(List.of(new PredictInput.EncodedImage(png, "a")))) {
            assertThat(gate.budget().inFlight()).as("charged the large share, run alone").isEqualTo(900);
        }
        assertThat(gate.budget().inFlight()).isZero();
    }

    @Test
    void unreadablePicturesCostTheirLengthAndModelRowsTheirSize() {
        byte[] junk = new byte[500];
        assertThat(PixelAdmission.cost(List.of(new PredictInput.EncodedImage(junk, "x"),
                new PredictInput.ModelPixels(new GrayImage(28, 28, new float[784]), "row")))).isEqualTo(500 + 784);
    }

    @Property(tries = 300)
    void anyBytesGiveASizeOrMinusOneAndNeverThrow(@ForAll byte[] bytes) {
        assertThat(ImageHeaders.pixels(bytes)).isGreaterThanOrEqualTo(-1);
    }

    private static byte[] encode(String format, int w, int h) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(img, format, out)).as(format).isTrue();
        return out.toByteArray();
    }
}
