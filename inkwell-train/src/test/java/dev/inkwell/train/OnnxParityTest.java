package dev.inkwell.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.inkwell.testing.SharedData;
import java.nio.FloatBuffer;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The exported ONNX graph computes what the DJL network computes: max |ΔP| ≤ 1e-4 over 1,000 test images, same arg-max. */
class OnnxParityTest {
    static ImageSet train;
    static ImageSet test;

    @BeforeAll
    static void load() {
        train = TrainingData.load(SharedData.mnist(), "train", 1500, null).images();
        test = TrainingData.load(SharedData.mnist(), "test", 1000, null).images();
    }

    @ParameterizedTest
    @EnumSource(Architecture.class)
    void onnxRuntimeAgreesWithDjlOnAThousandTestImages(Architecture architecture) throws OrtException {
        TrainingOptions o = TrainingOptions.defaults(architecture, 2, 3).withBatchSize(50);
        try (Training training = Training.open(TrainingConfig.of(o, train, train.limit(0))); TrainedModel m = training.fit()) {
            float[] djl = m.probabilities(test);
            byte[] onnx = OnnxExporter.export(m.network(), m.block(), Map.of("inkwellVersion", "test"));
            float[] ort = runOnnx(onnx, test, m.mean(), m.std(), m.network().classes());
            int k = m.network().classes();
            double maxDiff = 0;
            int argMaxDisagreements = 0;
            for (int i = 0; i < test.size(); i++) {
                for (int j = 0; j < k; j++) maxDiff = Math.max(maxDiff, Math.abs(djl[i * k + j] - ort[i * k + j]));
                if (TrainedModel.argMax(djl, i * k, k) != TrainedModel.argMax(ort, i * k, k)) argMaxDisagreements++;
            }
            assertThat(maxDiff).isLessThanOrEqualTo(1e-4);
            assertThat(argMaxDisagreements).isZero();
            // the model learned something, so the comparison is not between two flat outputs
            assertThat(m.accuracy(test)).isGreaterThan(0.5);
        }
    }

    static float[] runOnnx(byte[] model, ImageSet set, float mean, float std, int classes) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        InputShape s = set.shape();
        float[] x = new float[set.size() * s.pixels()];
        for (int i = 0; i < x.length; i++) x[i] = ((set.pixels()[i] & 0xff) / 255f - mean) / std;
        try (OrtSession session = env.createSession(model, new OrtSession.SessionOptions());
             OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), new long[] {set.size(), s.channels(), s.height(), s.width()});
             OrtSession.Result result = session.run(Map.of(OnnxExporter.INPUT, input))) {
            float[][] p = (float[][]) result.get(0).getValue();
            float[] flat = new float[set.size() * classes];
            for (int i = 0; i < p.length; i++) System.arraycopy(p[i], 0, flat, i * classes, classes);
            return flat;
        }
    }
}
