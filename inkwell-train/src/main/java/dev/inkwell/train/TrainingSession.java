package dev.inkwell.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.metric.Metrics;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.training.listener.TrainingListener;
import ai.djl.training.listener.TrainingListener.BatchData;
import ai.djl.translate.Batchifier;
import dev.inkwell.core.InkwellException;
import dev.inkwell.core.Progress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The training loop on DJL + PyTorch: seeded initialisation, per-epoch shuffled and augmented batches from a
 * prefetch thread, AdamW with a one-cycle or cosine schedule, label smoothing, validation after every epoch, and
 * the concerns around it (progress, logging, early stopping, best parameters, checkpoints) as DJL
 * {@link TrainingListener}s reading the metrics the loop records.
 *
 * <p>Determinism: the initial parameters, each epoch's batch order and augmentation, and each epoch's dropout masks
 * come from seeds derived from {@code (seed, epoch)}, and the optimiser's moments are checkpointed, so a run resumed
 * from epoch k's checkpoint produces the same parameters as a run that never stopped (on the same machine and
 * thread count).
 */
public final class TrainingSession {
    private static final Logger LOG = LoggerFactory.getLogger(TrainingSession.class);
    private static final int EVAL_BATCH = 500;

    private TrainingSession() {
    }

    /**
     * Trains a model.
     *
     * @param validation    may be empty: then the last epoch's parameters are kept and nothing stops early
     * @param checkpointDir where to checkpoint every epoch; null for no checkpoints
     * @param resume        continue from the checkpoint in {@code checkpointDir} (which must be from the same options and data)
     */
    public static TrainedModel train(TrainingOptions o, ImageSet train, ImageSet validation, Path checkpointDir,
                                     boolean resume, Progress progress) {
        return train(o, train, validation, checkpointDir, resume, progress, List.of());
    }

    /** As above, with {@code extra} listeners notified after Inkwell's own (after the checkpoint is written). */
    static TrainedModel train(TrainingOptions o, ImageSet train, ImageSet validation, Path checkpointDir,
                              boolean resume, Progress progress, List<TrainingListener> extra) {
        return train(o, train, validation, checkpointDir, resume, progress, extra, null);
    }

    /**
     * Continues training a trained network (fine-tuning): starts from {@code start}'s parameters and keeps its input
     * normalisation; {@code freezeFeatures} trains only the final dense layer.
     */
    public static TrainedModel fineTune(TrainingOptions o, ImageSet train, ImageSet validation, WarmStart start, Progress progress) {
        TrainedModel tuned = train(o, train, validation, null, false, progress, List.of(), start);
        if (start.temperature() != 1) tuned.divideLogitsBy(start.temperature());
        return tuned;
    }

    /**
     * Parameters (DJL format, as in {@code model.params}) and normalisation of a trained network to start from.
     *
     * @param temperature the calibration folded into the parameters (1: none): {@link #fineTune} trains on the logits
     *                    the base was trained with, so the calibration does not distort the first steps, and folds it
     *                    back into the model it returns (there is no validation split to refit it on)
     */
    public record WarmStart(byte[] parameters, float mean, float std, boolean freezeFeatures, double temperature) {
        public WarmStart {
            if (!(temperature > 0)) throw new IllegalArgumentException("temperature must be positive, got " + temperature);
        }
    }

    /** A trained network loaded for prediction from its {@code model.params}. */
    public static TrainedModel load(Architecture architecture, InputShape in, java.util.List<String> classNames, WarmStart start) {
        TorchRuntime.engine();
        Network network = architecture.network(in, classNames.size());
        Model model = Model.newInstance("inkwell-" + architecture.id(), TorchRuntime.device(), "PyTorch");
        try {
            SequentialBlock block = network.newBlock();
            model.setBlock(block);
            block.setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
            block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, in.channels(), in.height(), in.width()));
            Checkpoints.loadParameters(start.parameters(), block, model.getNDManager());
            return new TrainedModel(network, model, start.mean(), start.std(), List.of(), 0, false, null, null);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    private static TrainedModel train(TrainingOptions o, ImageSet train, ImageSet validation, Path checkpointDir,
                                      boolean resume, Progress progress, List<TrainingListener> extra, WarmStart start) {
        if (train.size() == 0) throw new InkwellException("no training images");
        Engine engine = TorchRuntime.engine();
        Device device = TorchRuntime.device();
        InputShape in = train.shape();
        Network network = o.architecture().network(in, train.classCount());
        String fingerprint = train.fingerprint();
        String runKey = runKey(o, fingerprint, validation.fingerprint());
        Checkpoints checkpoints = checkpointDir == null ? null : new Checkpoints(checkpointDir);
        CheckpointState restored = null;
        if (resume) {
            if (checkpoints == null) throw new InkwellException("--resume needs a checkpoint folder");
            restored = checkpoints.load();
            if (!restored.runKey().equals(runKey)) {
                throw new InkwellException("the checkpoint in " + checkpointDir + " is from a different run (other options or data): "
                        + "resume with exactly the same arguments, or train into a new --out folder");
            }
        }
        double[] meanStd = restored != null ? new double[] {restored.mean(), restored.std()}
                : start != null ? new double[] {start.mean(), start.std()} : train.meanStd();
        float mean = (float) meanStd[0];
        float std = (float) meanStd[1];
        long stepsPerEpoch = (train.size() + o.batchSize() - 1) / o.batchSize();
        long totalSteps = stepsPerEpoch * o.epochs();
        LOG.info("training {} ({} parameters) on {} images of {}×{}×{}, {} classes, {} validation images, device {}, seed {}",
                o.architecture().id(), network.parameterCount(), train.size(), in.width(), in.height(), in.channels(),
                train.classCount(), validation.size(), device, o.seed());

        Model model = Model.newInstance("inkwell-" + o.architecture().id(), device, "PyTorch");
        boolean done = false;
        try {
            SequentialBlock block = network.newBlock();
            model.setBlock(block);
            block.setInitializer(new XavierInitializer(XavierInitializer.RandomType.GAUSSIAN, XavierInitializer.FactorType.IN, 2),
                    Parameter.Type.WEIGHT);
            engine.setRandomSeed(derivedSeed(o.seed(), 0));
            block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, in.channels(), in.height(), in.width()));
            if (start != null) {
                Checkpoints.loadParameters(start.parameters(), block, model.getNDManager());
                if (start.temperature() != 1) TrainedModel.scaleLogits(network, block, start.temperature());
                if (start.freezeFeatures()) {
                    var children = block.getChildren().values();
                    for (int i = 0; i < children.size() - 1; i++) children.get(i).freezeParameters(true);
                }
            }

            ResumableAdamW optimizer = new ResumableAdamW((float) o.weightDecay());
            optimizer.bind(block);
            List<EpochRecord> history = new ArrayList<>();
            EarlyStopping early = new EarlyStopping(o.patience());
            BestParametersListener best = new BestParametersListener(early, block);
            long[] step = {0};
            int[] completed = {0};
            if (restored != null) {
                // before the trainer exists: it caches the parameter arrays it sees first
                checkpoints.restoreParameters(restored.parametersFile(), block, model.getNDManager());
                checkpoints.restoreOptimizer(restored.optimizerFile(), optimizer, model.getNDManager());
                history.addAll(restored.history());
                early.replay(history);
                if (restored.bestParametersFile() != null) {
                    best.restore(checkpoints.readBytes(restored.bestParametersFile()), early.bestEpoch());
                }
                step[0] = restored.step();
                completed[0] = restored.completedEpochs();
                LOG.info("resuming after epoch {} of {} from {}", completed[0], o.epochs(), checkpointDir);
            }

            List<TrainingListener> listeners = new ArrayList<>(List.of(
                    new ProgressListener(progress, o.epochs(), train.size()), new EpochLogListener(o.epochs()), early, best));
            if (checkpoints != null) {
                listeners.add(new CheckpointListener(checkpoints, () -> new CheckpointState(CheckpointState.FORMAT, runKey,
                        completed[0], step[0], mean, std, List.copyOf(history), String.format("epoch-%04d.params", completed[0]),
                        String.format("epoch-%04d.optimizer", completed[0]),
                        best.best() == null ? null : String.format("best-%04d.params", best.bestEpoch())), block, optimizer, best));
            }
            listeners.addAll(extra);
            DefaultTrainingConfig config = new DefaultTrainingConfig(new SmoothedCrossEntropy((float) o.labelSmoothing()))
                    .optOptimizer(optimizer)
                    .optDevices(new Device[] {device})
                    .addTrainingListeners(listeners.toArray(TrainingListener[]::new));

            boolean stoppedEarly = false;
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.setMetrics(new Metrics());
                trainer.initialize(new Shape(1, in.channels(), in.height(), in.width()));
                for (int epoch = completed[0] + 1; epoch <= o.epochs(); epoch++) {
                    if (early.shouldStop()) {
                        stoppedEarly = true;
                        break;
                    }
                    EpochRecord r = runEpoch(trainer, network, optimizer, o, train, validation, epoch, step, totalSteps, mean, std, device);
                    history.add(r);
                    completed[0] = epoch;
                    trainer.notifyListeners(l -> l.onEpoch(trainer));
                }
                if (stoppedEarly) LOG.info("stopped early: no better validation accuracy for {} epochs", o.patience());
            }
            int bestEpoch = completed[0];
            if (best.best() != null && best.bestEpoch() != completed[0]) {
                Checkpoints.loadParameters(best.best(), block, model.getNDManager());
                bestEpoch = best.bestEpoch();
                LOG.info("keeping the parameters of epoch {} (best validation accuracy {})", bestEpoch,
                        String.format("%.2f%%", 100 * early.bestAccuracy()));
            }
            done = true;
            return new TrainedModel(network, model, mean, std, List.copyOf(history), bestEpoch, stoppedEarly, fingerprint, o);
        } finally {
            if (!done) model.close();
        }
    }

    private static EpochRecord runEpoch(Trainer trainer, Network network, ResumableAdamW optimizer, TrainingOptions o, ImageSet train,
                                        ImageSet validation, int epoch, long[] step, long totalSteps, float mean, float std, Device device) {
        InputShape in = train.shape();
        Metrics metrics = trainer.getMetrics();
        metrics.addMetric(TrainingMetrics.EPOCH, epoch - 1);
        TorchRuntime.engine().setRandomSeed(derivedSeed(o.seed(), epoch));
        long started = System.nanoTime();
        double lossSum = 0;
        long correct = 0;
        long seen = 0;
        float lr = 0;
        try (PrefetchingBatches batches = new PrefetchingBatches(train, o.batchSize(), true, o.augmentation(),
                derivedSeed(o.seed(), epoch), mean, std)) {
            while (batches.hasNext()) {
                HostBatch b = batches.next();
                lr = (float) o.schedule().at(step[0], totalSteps, o.maxLearningRate());
                step[0]++;
                try (NDManager m = trainer.getManager().newSubManager()) {
                    NDArray x = m.create(b.images(), new Shape(b.size(), in.channels(), in.height(), in.width()));
                    NDArray y = m.create(b.labels()).toType(DataType.INT64, false);
                    NDList predictions;
                    float loss;
                    try (GradientCollector collector = trainer.newGradientCollector()) {
                        predictions = trainer.forward(new NDList(x));
                        NDArray l = trainer.getLoss().evaluate(new NDList(y), predictions);
                        collector.backward(l);
                        loss = l.getFloat();
                    }
                    if (!Float.isFinite(loss)) {
                        throw diagnosis(trainer, network, epoch, step[0]).ofLoss(m, x, y, trainer.getLoss(), loss, true);
                    }
                    if (!NonFiniteDiagnosis.gradientsFinite(trainer.getModel().getBlock())) {
                        throw diagnosis(trainer, network, epoch, step[0]).ofGradients(loss);
                    }
                    optimizer.beginStep(step[0], lr);
                    trainer.step();
                    long c = correct(predictions.head(), y);
                    lossSum += (double) loss * b.size();
                    correct += c;
                    seen += b.size();
                    metrics.addMetric(TrainingMetrics.RUNNING_LOSS, lossSum / seen);
                    metrics.addMetric(TrainingMetrics.RUNNING_ACCURACY, (double) correct / seen);
                    Batch batch = new Batch(m, new NDList(x), new NDList(y), b.size(), Batchifier.STACK, Batchifier.STACK, seen, train.size());
                    BatchData data = new BatchData(batch, Map.of(device, new NDList(y)), Map.of(device, predictions));
                    trainer.notifyListeners(listener -> listener.onTrainingBatch(trainer, data));
                }
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        double[] val = validation.size() == 0 ? new double[] {Double.NaN, Double.NaN} : validate(trainer, network, validation, mean, std, epoch);
        EpochRecord r = new EpochRecord(epoch, lossSum / seen, (double) correct / seen, val[0], val[1], lr, seen / seconds, seconds);
        metrics.addMetric(TrainingMetrics.EPOCH, epoch);
        metrics.addMetric(TrainingMetrics.TRAIN_LOSS, r.trainLoss());
        metrics.addMetric(TrainingMetrics.TRAIN_ACCURACY, r.trainAccuracy());
        metrics.addMetric(TrainingMetrics.VALIDATION_LOSS, r.validationLoss());
        metrics.addMetric(TrainingMetrics.VALIDATION_ACCURACY, r.validationAccuracy());
        metrics.addMetric(TrainingMetrics.LEARNING_RATE, r.learningRate());
        metrics.addMetric(TrainingMetrics.IMAGES_PER_SECOND, r.imagesPerSecond());
        metrics.addMetric(TrainingMetrics.EPOCH_SECONDS, r.seconds());
        return r;
    }

    private static NonFiniteDiagnosis diagnosis(Trainer trainer, Network network, int epoch, long step) {
        return new NonFiniteDiagnosis((SequentialBlock) trainer.getModel().getBlock(), network.layers(), "epoch " + epoch + ", step " + step);
    }

    private static double[] validate(Trainer trainer, Network network, ImageSet validation, float mean, float std, int epoch) {
        InputShape in = validation.shape();
        double lossSum = 0;
        long correct = 0;
        try (PrefetchingBatches batches = new PrefetchingBatches(validation, EVAL_BATCH, false, Augmentation.NONE, 0, mean, std)) {
            while (batches.hasNext()) {
                HostBatch b = batches.next();
                try (NDManager m = trainer.getManager().newSubManager()) {
                    NDArray x = m.create(b.images(), new Shape(b.size(), in.channels(), in.height(), in.width()));
                    NDArray y = m.create(b.labels()).toType(DataType.INT64, false);
                    NDList predictions = trainer.evaluate(new NDList(x));
                    float loss = trainer.getLoss().evaluate(new NDList(y), predictions).getFloat();
                    if (!Float.isFinite(loss)) {
                        throw new NonFiniteDiagnosis((SequentialBlock) trainer.getModel().getBlock(), network.layers(),
                                "epoch " + epoch + ", validation").ofLoss(m, x, y, trainer.getLoss(), loss, false);
                    }
                    lossSum += (double) loss * b.size();
                    correct += correct(predictions.head(), y);
                }
            }
        }
        return new double[] {lossSum / validation.size(), (double) correct / validation.size()};
    }

    private static long correct(NDArray logits, NDArray labels) {
        return logits.argMax(1).toType(DataType.INT64, false).eq(labels).toType(DataType.INT64, false).sum().getLong();
    }

    /** A 31-bit seed for PyTorch and java.util.Random, distinct per (seed, purpose/epoch). */
    static int derivedSeed(long seed, int epoch) {
        long z = seed * 0x9E3779B97F4A7C15L + epoch * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return (int) (z & 0x7fffffff);
    }

    static String runKey(TrainingOptions o, String trainFingerprint, String validationFingerprint) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update((o + "|" + trainFingerprint + "|" + validationFingerprint).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
