package dev.inkwell.serving.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.inkwell.core.UnavailableException;
import dev.inkwell.serving.input.PredictInput;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class PixelAdmissionTest {

    @Test
    void aRequestThatDoesNotFitIsRefusedWithRetryAfterAndCounted() throws IOException {
        PixelAdmission gate = new PixelAdmission(new PixelBudget(400_000, 40_000), Duration.ofSeconds(3));
        var large = List.<PredictInput>of(new PredictInput.EncodedImage(png(600, 600), "body"));
        var small = List.<PredictInput>of(new PredictInput.EncodedImage(png(28, 28), "body"));
        try (AdmissionGate.Ticket first = gate.admit(large)) {
            assertThatThrownBy(() -> gate.admit(large)).isInstanceOf(OverloadedException.class).isInstanceOf(UnavailableException.class)
                    .hasMessageContaining("360000 pixels")
                    .satisfies(e -> assertThat(((UnavailableException) e).retryAfter()).isEqualTo(Duration.ofSeconds(3)));
            try (AdmissionGate.Ticket beside = gate.admit(small)) {
                assertThat(gate.budget().inFlight()).isEqualTo(360_784);
            }
        }
        assertThat(gate.budget().inFlight()).isZero();
        assertThat(gate.admitted()).isEqualTo(2);
        assertThat(gate.rejected()).isEqualTo(1);
        AdmissionGate.Ticket again = gate.admit(large);
        again.close();
        again.close(); // closing twice gives back once
        assertThat(gate.budget().inFlight()).isZero();
    }

    @Test
    void aNegativeRetryAfterIsRefused() {
        assertThatThrownBy(() -> new PixelAdmission(new PixelBudget(10, 1), Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] png(int w, int h) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY), "png", out);
        return out.toByteArray();
    }
}
