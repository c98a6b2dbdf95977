package dev.inkwell.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.training.loss.Loss;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each kind of non-finite value is told apart: a layer that fails the same way when replayed (a kernel fault), one
 * that fails once (intermittent), corrupt inputs or parameters, values that grew until they overflowed (the only case
 * that says "lower --lr"), and gradients that turn non-finite behind a finite loss.
 */
class NonFiniteDiagnosisTest {
    private static final Loss LOSS = Loss.softmaxCrossEntropyLoss();
    private NDManager manager;

    @BeforeEach
    void open() {
        TorchRuntime.engine();
        manager = NDManager.newBaseManager(Device.cpu(), "PyTorch");
    }

    @AfterEach
    void close() {
        manager.close();
    }

    /** Linear(4→8), then {@code middle}, then Linear(8→3). */
    private SequentialBlock network(UnaryOperator<NDArray> middle) {
        SequentialBlock block = new SequentialBlock()
                .add(Linear.builder().setUnits(8).build())
                .add(new LambdaBlock(in -> new NDList(middle.apply(in.head()))))
                .add(Linear.builder().setUnits(3).build());
        block.setInitializer(new NormalInitializer(0.1f), Parameter.Type.WEIGHT);
        block.initialize(manager, DataType.FLOAT32, new Shape(5, 4));
        return block;
    }

    private NDArray input() {
        return manager.randomNormal(new Shape(5, 4));
    }

    private NDArray labels() {
        return manager.create(new long[] {0, 1, 2, 1, 0});
    }

    private static NonFiniteDiagnosis diagnosis(SequentialBlock block) {
        return new NonFiniteDiagnosis(block, List.of(), "epoch 1, step 7");
    }

    @Test
    void aLayerThatTurnsFiniteValuesIntoNanIsAKernelFaultNamedByLayer() {
        SequentialBlock block = network(x -> x.mul(Float.NaN));
        TrainingFaultException e = diagnosis(block).ofLoss(manager, input(), labels(), LOSS, Float.NaN, true);
        assertThat(e.kind()).isEqualTo(NonFiniteDiagnosis.Kind.NATIVE_FAULT);
        assertThat(e.getMessage()).contains("epoch 1, step 7").contains("layer 2 of 3").contains("not divergence")
                .contains("docs/training.md#nan").doesNotContain("lower --lr");
    }

    @Test
    void aFaultThatIsGoneOnReplayIsIntermittent() {
        AtomicInteger faults = new AtomicInteger();
        SequentialBlock block = network(x -> faults.getAndDecrement() > 0 ? x.mul(Float.NaN) : x);
        faults.set(1); // the next forward pass meets one fault
        NDArray x = input();
        NDList first = block.forward(new ParameterStore(manager, false), new NDList(x), true);
        float seen = LOSS.evaluate(new NDList(labels()), first).getFloat();
        assertThat(seen).isNaN();
        TrainingFaultException e = diagnosis(block).ofLoss(manager, x, labels(), LOSS, seen, true);
        assertThat(e.kind()).isEqualTo(NonFiniteDiagnosis.Kind.INTERMITTENT_FAULT);
        assertThat(e.getMessage()).contains("when replayed").doesNotContain("lower --lr");
    }

    @Test
    void valuesThatGrewUntilTheyOverflowedAreDivergence() {
        SequentialBlock block = network(x -> x.mul(1e30f).mul(1e30f));
        TrainingFaultException e = diagnosis(block).ofLoss(manager, input().mul(1e7f), labels(), LOSS, Float.POSITIVE_INFINITY, true);
        assertThat(e.kind()).isEqualTo(NonFiniteDiagnosis.Kind.DIVERGED);
        assertThat(e.getMessage()).contains("diverged").endsWith("lower --lr");
    }

    @Test
    void nonFiniteInputsAreCorruptData() {
        SequentialBlock block = network(x -> x);
        NDArray x = input();
        x.set(new NDIndex(2, 1), Float.NaN);
        TrainingFaultException e = diagnosis(block).ofLoss(manager, x, labels(), LOSS, Float.NaN, true);
        assertThat(e.kind()).isEqualTo(NonFiniteDiagnosis.Kind.CORRUPT_DATA);
    }

    @Test
    void nonFiniteParametersAreCorruptParameters() {
        SequentialBlock block = network(x -> x);
        NDArray w = block.getParameters().get(0).getValue().getArray();
        w.set(new NDIndex(0, 0), Float.POSITIVE_INFINITY);
        TrainingFaultException e = diagnosis(block).ofLoss(manager, input(), labels(), LOSS, Float.NaN, false);
        assertThat(e.kind()).isEqualTo(NonFiniteDiagnosis.Kind.CORRUPT_PARAMETERS);
        assertThat(e.getMessage()).contains(block.getParameters().get(0).getKey());
    }

    @Test
    void gradientsThatTurnNonFiniteBehindAFiniteLossAreAKernelFault() {
        // sqrt(|x|) is finite at 0 but its gradient is not: a stand-in for a backward kernel that writes NaN
        SequentialBlock block = network(x -> x.mul(0).abs().sqrt());
        float loss = backward(block);
        assertThat(loss).isFinite();
        assertThat(NonFiniteDiagnosis.gradientsFinite(block)).isFalse();
        TrainingFaultException e = diagnosis(block).ofGradients(loss);
        assertThat(e.kind()).isEqualTo(NonFiniteDiagnosis.Kind.NATIVE_FAULT);
        assertThat(e.getMessage()).contains("backward pass").contains(block.getParameters().get(0).getKey());
    }

    @Test
    void finiteGradientsPassTheCheck() {
        SequentialBlock block = network(x -> x.tanh());
        backward(block);
        assertThat(NonFiniteDiagnosis.gradientsFinite(block)).isTrue();
    }

    private float backward(SequentialBlock block) {
        try (GradientCollector collector = TorchRuntime.engine().newGradientCollector()) {
            NDList out = block.forward(new ParameterStore(manager, false), new NDList(input()), true);
            NDArray l = LOSS.evaluate(new NDList(labels()), out);
            collector.backward(l);
            return l.getFloat();
        }
    }
}
