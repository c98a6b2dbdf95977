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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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
            assertThat(first.large()).as("read off the carriers").isTrue();
            try (AdmissionGate.Ticket beside = gate.admit(small)) {
                assertThat(gate.budget().inFlight()).isEqualTo(360_784);
                assertThat(beside.large()).isFalse();
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
    void aLargeRequestWaitsForRoomWhenTheGateLetsIt() throws Exception {
        PixelBudget budget = new PixelBudget(400_000, 40_000, 4);
        PixelAdmission patient = new PixelAdmission(budget, Duration.ofSeconds(1), Long.MAX_VALUE, Duration.ofSeconds(60));
        PixelAdmission impatient = new PixelAdmission(budget, Duration.ofSeconds(1), Long.MAX_VALUE, Duration.ZERO);
        var large = List.<PredictInput>of(new PredictInput.EncodedImage(png(600, 600), "body"));
        AdmissionGate.Ticket first = patient.admit(large);
        assertThatThrownBy(() -> impatient.admit(large)).as("no waiting: refused at once").isInstanceOf(OverloadedException.class);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<AdmissionGate.Ticket> second = threads.submit(() -> patient.admit(large));
            while (budget.waiting() == 0) Thread.sleep(1);
            assertThat(second).isNotDone();
            first.close();
            try (AdmissionGate.Ticket t = second.get(60, TimeUnit.SECONDS)) {
                assertThat(t.large()).isTrue();
                assertThat(budget.inFlight()).isEqualTo(360_000);
            }
        }
        assertThat(budget.inFlight()).isZero();
        assertThat(patient.rejected()).isZero();
        assertThat(impatient.rejected()).isEqualTo(1);
        assertThatThrownBy(() -> new PixelAdmission(new PixelBudget(10, 1), Duration.ofSeconds(1), 10, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("wait");
    }

    /** Large is the budget's own rule (over the reserve), even where the large share is smaller than the reserve. */
    @Test
    void aPictureOverTheReserveIsLargeWhateverItIsCharged() throws IOException {
        PixelAdmission gate = new PixelAdmission(new PixelBudget(400_000, 300_000), Duration.ofSeconds(1));
        try (AdmissionGate.Ticket t = gate.admit(List.of(new PredictInput.EncodedImage(png(600, 600), "body")))) {
            assertThat(gate.budget().inFlight()).as("charged the large share").isEqualTo(100_000);
            assertThat(t.large()).isTrue();
        }
        try (AdmissionGate.Ticket t = gate.admit(List.of(new PredictInput.EncodedImage(png(500, 500), "body")))) {
            assertThat(t.large()).as("250,000 pixels fit the reserve").isFalse();
        }
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
