package dev.inkwell.train;

import dev.inkwell.core.AtomicFiles;
import dev.inkwell.core.InkwellException;
import dev.inkwell.core.Json;
import dev.inkwell.core.Progress;
import dev.inkwell.evaluation.Evaluation;
import dev.inkwell.evaluation.EvaluationReport;
import dev.inkwell.evaluation.ReportImages;
import dev.inkwell.inference.InputSpec;
import dev.inkwell.inference.ModelCard;
import dev.inkwell.inference.ModelCards;
import dev.inkwell.inference.ModelSource;
import dev.inkwell.inference.TemperatureScaling;
import dev.inkwell.inference.TrainingProvenance;
import dev.inkwell.model.ModelFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole {@code train} job: read the data, hold out validation, train, evaluate on the test split, export ONNX
 * and write the model folder. Every file is written atomically and {@code model.card.json} last, so a folder with a
 * card always holds a complete model.
 *
 * <p>Output folder: {@code model.onnx}, {@code model.card.json}, {@code model.params} (DJL parameters, for fine-tuning), {@code history.json}, {@code training-curves.png},
 * {@code test-metrics.json}, {@code test-report.txt}, {@code test-confusion.png}, {@code test-mistakes.png}, and
 * {@code checkpoints/} for {@code --resume}.
 */
public final class ModelTraining {
    private static final Logger LOG = LoggerFactory.getLogger(ModelTraining.class);
    public static final String CHECKPOINTS = "checkpoints";

    private ModelTraining() {
    }

    public static TrainResult run(TrainRequest r, Progress progress, String inkwellVersion) {
        if (Files.exists(r.out()) && !Files.isDirectory(r.out())) {
            throw new InkwellException("--out " + r.out() + " exists and is not a folder");
        }
        Path checkpoints = r.out().resolve(CHECKPOINTS);
        if (r.start() == TrainingStart.RESUME && !Files.isRegularFile(checkpoints.resolve(Checkpoints.STATE))) {
            throw new InkwellException("nothing to resume: no checkpoint in " + checkpoints);
        }
        TorchRuntime.engine(); // fail on missing natives before reading 60,000 images
        long started = System.nanoTime();
        TrainingData all = TrainingData.load(r.data(), "train", r.limit(), r.classNames());
        TrainingData test = TrainingData.load(r.data(), "test", r.limit(), all.images().classNames());
        if (test != null && !test.images().shape().equals(all.images().shape())) {
            throw new InkwellException(r.data().location() + ": test images are " + test.images().shape() + " but training images are " + all.images().shape());
        }
        ImageSet.Split split = all.images().split(r.validationFraction(), r.options().seed());
        LOG.info("data {}: {} training, {} validation, {} test images", r.data().location(), split.train().size(), split.validation().size(),
                test == null ? 0 : test.images().size());
        TrainingConfig config = TrainingConfig.of(r.options(), split.train(), split.validation())
                .checkpointingTo(checkpoints).startingAs(r.start()).reportingTo(progress);
        try (Training training = Training.open(config); TrainedModel model = training.fit()) {
            double trainSeconds = (System.nanoTime() - started) / 1e9;
            Calibration calibration = r.calibrate() && split.validation().size() > 0 ? model.calibrate(split.validation()) : null;
            Evaluation evaluation = null;
            if (test != null) {
                float[] p = model.probabilities(test.images());
                evaluation = Evaluation.of(test.images().labels(), p, test.images().classNames(), 32);
                LOG.info("test accuracy {} on {} images", String.format("%.2f%%", 100 * evaluation.accuracy()), evaluation.count());
            }
            ModelCard card = card(r, model, all, evaluation, calibration, trainSeconds, inkwellVersion);
            Path out = r.out();
            ModelFiles files = ModelFiles.in(out);
            model.writeNetwork(files, card, inkwellVersion);
            AtomicFiles.write(out.resolve("history.json"), o -> Json.pretty().writeValue(o, model.history()));
            EvaluationReport.writePng(out.resolve("training-curves.png"), TrainingCurves.render(model.history(), card.name()));
            if (evaluation != null) {
                ImageSet t = test.images();
                InputShape s = t.shape();
                EvaluationReport.write(out, "test-", evaluation,
                        i -> ReportImages.fromChannelMajor(t.pixels(), i * s.pixels(), s.channels(), s.height(), s.width()),
                        Map.of("model", card.name(), "data", r.data().location(), "split", "test"));
            }
            ModelCards.write(files.card(), card);
            return new TrainResult(out, card, evaluation, model.history(), model.bestEpoch(), model.stoppedEarly());
        }
    }

    private static ModelCard card(TrainRequest r, TrainedModel m, TrainingData data, Evaluation test, Calibration calibration,
                                  double seconds, String version) {
        ModelCard.Builder card = ModelCard.builder();
        if (test != null) {
            card.metric("testAccuracy", test.accuracy()).metric("testCount", test.count()).metric("testMacroF1", test.macroF1());
        }
        List<EpochRecord> h = m.history();
        EpochRecord best = h.stream().filter(e -> e.epoch() == m.bestEpoch()).findFirst().orElse(h.getLast());
        if (Double.isFinite(best.validationAccuracy())) card.metric("validationAccuracy", best.validationAccuracy());
        card.metric("trainAccuracy", best.trainAccuracy())
                .metric("trainLoss", best.trainLoss())
                .metric("trainingSeconds", Math.round(seconds))
                .metric("meanEpochSeconds", h.stream().mapToDouble(EpochRecord::seconds).average().orElse(0));
        if (calibration != null) {
            card.calibration(new TemperatureScaling(calibration.temperature(), calibration.logLossBefore(), calibration.logLossAfter()));
        }
        TrainingOptions o = r.options();
        InputShape in = m.network().input();
        String name = r.name() != null ? r.name() : r.out().toAbsolutePath().normalize().getFileName().toString();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return card.name(name).version(now.toString()).architecture(o.architecture().id()).parameterCount(m.network().parameterCount())
                .created(now).inkwellVersion(version)
                .input(InputSpec.meanStd(in.width(), in.height(), in.channels(), m.mean(), m.std()))
                .classNames(data.images().classNames())
                .training(new TrainingProvenance(ModelSource.TRAIN, null, data.fingerprint(), o.seed(), h.getLast().epoch(), m.bestEpoch(),
                        m.stoppedEarly(), o.settings(r.validationFraction(), r.limit(), null), TorchRuntime.describe()))
                .build();
    }
}
