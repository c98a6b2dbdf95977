package dev.inkwell.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ArchitectureTest {

    @ParameterizedTest
    @CsvSource({"compact,1,28,10", "compact,3,32,10", "standard,1,28,10", "standard,3,32,2", "wide,1,28,10", "wide,3,32,10", "compact,1,28,47"})
    void buildsAWorkingBlockWhoseParameterCountMatchesTheLayers(String arch, int channels, int size, int classes) {
        Network network = Architecture.parse(arch).network(new InputShape(channels, size, size), classes);
        try (Model model = Model.newInstance("t", TorchRuntime.device(), "PyTorch"); NDManager m = model.getNDManager().newSubManager()) {
            SequentialBlock block = network.newBlock();
            model.setBlock(block);
            block.initialize(m, DataType.FLOAT32, new Shape(2, channels, size, size));
            long trainable = 0;
            for (Pair<String, Parameter> p : block.getParameters()) {
                if (p.getValue().requiresGradient()) trainable += p.getValue().getArray().size();
            }
            assertThat(trainable).isEqualTo(network.parameterCount());
            NDArray out = block.forward(new ParameterStore(m, false), new NDList(m.randomNormal(new Shape(2, channels, size, size))), false).head();
            assertThat(out.getShape()).isEqualTo(new Shape(2, classes));
        }
    }

    @Test
    void compactStaysUnderTenThousandAndStandardUnderOnePointFiveMillionParameters() {
        assertThat(Architecture.COMPACT.network(new InputShape(1, 28, 28), 10).parameterCount()).isLessThanOrEqualTo(10_000);
        assertThat(Architecture.COMPACT.network(new InputShape(3, 32, 32), 10).parameterCount()).isLessThanOrEqualTo(10_000);
        assertThat(Architecture.STANDARD.network(new InputShape(1, 28, 28), 10).parameterCount()).isLessThanOrEqualTo(1_500_000);
        assertThat(Architecture.STANDARD.network(new InputShape(3, 32, 32), 10).parameterCount()).isLessThanOrEqualTo(1_500_000);
        assertThat(Architecture.WIDE.network(new InputShape(1, 28, 28), 10).parameterCount()).isLessThanOrEqualTo(1_500_000);
        assertThat(Architecture.WIDE.network(new InputShape(3, 32, 32), 10).parameterCount()).isLessThanOrEqualTo(1_500_000);
    }

    @Test
    void rejectsUnknownArchitecturesAndDegenerateShapes() {
        assertThatThrownBy(() -> Architecture.parse("huge")).hasMessageContaining("unknown architecture 'huge'");
        assertThatThrownBy(() -> Architecture.COMPACT.network(new InputShape(1, 28, 28), 1)).hasMessageContaining("at least 2 classes");
        assertThatThrownBy(() -> new InputShape(2, 28, 28)).hasMessageContaining("channels must be 1 or 3");
    }
}
