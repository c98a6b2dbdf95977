package dev.inkwell.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TensorLayoutTest {
    @Test
    void readsTheCommonImageClassifierLayouts() {
        assertThat(TensorLayout.fromShape(new long[] {1, 1, 28, 28}, 0, 0, 0))
                .isEqualTo(new TensorLayout(TensorLayout.Kind.NCHW, 1, 1, 28, 28));
        assertThat(TensorLayout.fromShape(new long[] {-1, 28, 28, 1}, 0, 0, 0))
                .isEqualTo(new TensorLayout(TensorLayout.Kind.NHWC, -1, 1, 28, 28));
        assertThat(TensorLayout.fromShape(new long[] {-1, 784}, 0, 0, 0))
                .isEqualTo(new TensorLayout(TensorLayout.Kind.FLAT, -1, 1, 28, 28));
        assertThat(TensorLayout.fromShape(new long[] {-1, 3, 32, 32}, 0, 0, 0))
                .isEqualTo(new TensorLayout(TensorLayout.Kind.NCHW, -1, 3, 32, 32));
        assertThat(TensorLayout.fromShape(new long[] {-1, 3072}, 0, 0, 0))
                .isEqualTo(new TensorLayout(TensorLayout.Kind.FLAT, -1, 3, 32, 32));
        assertThat(TensorLayout.fromShape(new long[] {-1, 28, 28}, 0, 0, 0))
                .isEqualTo(new TensorLayout(TensorLayout.Kind.NHW, -1, 1, 28, 28));
        assertThat(TensorLayout.fromShape(new long[] {-1, 1, -1, -1}, 28, 28, 1))
                .isEqualTo(new TensorLayout(TensorLayout.Kind.NCHW, -1, 1, 28, 28));
    }

    @Test
    void refusesShapesItCannotRead() {
        assertThatThrownBy(() -> TensorLayout.fromShape(new long[] {1, 5, 7, 9}, 0, 0, 0)).hasMessageContaining("channels");
        assertThatThrownBy(() -> TensorLayout.fromShape(new long[] {1, 1000}, 0, 0, 0)).hasMessageContaining("model card");
        assertThatThrownBy(() -> TensorLayout.fromShape(new long[] {1, 1, -1, -1}, 0, 0, 0)).hasMessageContaining("open");
        assertThatThrownBy(() -> TensorLayout.fromShape(new long[] {1, 2, 3, 4, 5}, 0, 0, 0)).hasMessageContaining("unsupported");
        assertThatThrownBy(() -> TensorLayout.fromShape(new long[] {1, 785}, 28, 28, 1)).hasMessageContaining("785");
    }
}
