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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One training run on DJL + PyTorch with a visible lifetime, as DJL's {@code Trainer} with {@code EasyTrain}'s loop:
 * {@link #open} builds the network (seeded initialisation), loads a {@link WarmStart} or restores the checkpoint it
 * resumes; {@link #fit()} runs the remaining epochs, once, and hands the model over as a {@link TrainedModel} (closed
 * by its new owner); {@link #close()} frees the model unless it was handed over, so a run that fails leaks nothing.
 *
 * <p>The loop: per-epoch shuffled and augmented batches from a prefetch thread, AdamW with a one-cycle or cosine
 * schedule, label smoothing, NaN guards ({@link NonFiniteDiagnosis}), validation after every epoch. The concerns
 * around it are DJL {@link TrainingListener}s reading the metrics the loop records: progress, the epoch log, early
 * stopping, best parameters, checkpoints, then the caller's. They see every training batch
 * ({@code onTrainingBatch}), every validation batch ({@code onValidationBatch}) and every epoch ({@code onEpoch}).
 *
 * <p>Determinism: the initial parameters, each epoch's batch order and augmentation, and each epoch's dropout masks
 * come from seeds derived from {@code (seed, epoch)}, and the optimiser's moments are checkpointed, so the same seed
 * gives bit-identical parameters and a run resumed from epoch k's checkpoint ends where a run that never stopped
 * ends (on the same machine, thread count and oneDNN instruction set).
 */
public final class Training implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Training.class);
    private static final int EVAL_BATCH = 500;

    private final TrainingConfig config;
    private final TrainingOptions options;
    private final ImageSet train;
    private final ImageSet validation;
    private final Network network;
    private final Device device;
    private final Checkpoints checkpoints;
    private final String runKey;
    private final float mean;
    private final float std;
    private final Model model;
    private final SequentialBlock block;
    private final ResumableAdamW optimizer;
    private final EarlyStopping early;
    private final BestParametersListener best;
    private final List<EpochRecord> history = new ArrayList<>();
    /** Optimiser steps taken, over all epochs (the schedule's position). */
    private long step;
    private int completedEpochs;
    private boolean fitted;
    private boolean handedOver;
    private boolean closed;

    /** Opens a run: the engine, the network, and the checkpoint or warm start it starts from. */
    public static Training open(TrainingConfig config) {
        return new Training(config);
    }

    private Training(TrainingConfig config) {
        this.config = config;
        this.options = config.options();
        this.train = config.train();
        this.validation = config.validation();
        if (train.size() == 0) throw new InkwellException("no training images");
        Engine engine = TorchRuntime.engine();
        this.device = TorchRuntime.device();
        InputShape in = train.shape();
        this.network = options.architecture().network(in, train.classCount());
        this.runKey = RunKey.of(options, train.fingerprint(), validation.fingerprint());
        this.checkpoints = config.checkpointDir() == null ? null : new Checkpoints(config.checkpointDir());
        CheckpointState restored = config.start() == TrainingStart.RESUME ? restorableCheckpoint() : null;
        WarmStart warm = config.warmStart();
        double[] meanStd = restored != null ? new double[] {restored.mean(), restored.std()}
                : warm != null ? new double[] {warm.mean(), warm.std()} : train.meanStd();
        this.mean = (float) meanStd[0];
        this.std = (float) meanStd[1];
        LOG.info("training {} ({} parameters) on {} images of {}×{}×{}, {} classes, {} validation images, device {}, seed {}",
                options.architecture().id(), network.parameterCount(), train.size(), in.width(), in.height(), in.channels(),
                train.classCount(), validation.size(), device, options.seed());

        this.model = Model.newInstance("inkwell-" + options.architecture().id(), device, "PyTorch");
        try {
            this.block = network.newBlock();
            model.setBlock(block);
            block.setInitializer(new XavierInitializer(XavierInitializer.RandomType.GAUSSIAN, XavierInitializer.FactorType.IN, 2),
                    Parameter.Type.WEIGHT);
            engine.setRandomSeed(derivedSeed(options.seed(), 0));
            block.initialize(model.getNDManager(), DataType.FLOAT32, inputShape(1));
            if (warm != null) startFrom(warm);
            this.optimizer = new ResumableAdamW((float) options.weightDecay());
            optimizer.bind(block);
            this.early = new EarlyStopping(options.patience());
            this.best = new BestParametersListener(early, block);
            if (restored != null) restore(restored);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** The checkpoint to resume, checked to be this run's. */
    private CheckpointState restorableCheckpoint() {
        CheckpointState restored = checkpoints.load();
        if (!RunKey.matches(restored.runKey(), options, train.fingerprint(), validation.fingerprint())) {
            throw new InkwellException("the checkpoint in " + checkpoints.dir() + " is from a different run (other options or data): "
                    + "resume with exactly the same arguments, or train into a new --out folder");
        }
        return restored;
    }

    private void startFrom(WarmStart warm) {
        Checkpoints.loadParameters(warm.parameters(), block, model.getNDManager());
        if (warm.temperature() != 1) TrainedModel.scaleLogits(network, block, warm.temperature());
        if (warm.freezeFeatures()) {
            var children = block.getChildren().values();
            for (int i = 0; i < children.size() - 1; i++) children.get(i).freezeParameters(true);
        }
    }

    /** Before the trainer exists: it caches the parameter arrays it sees first. */
    private void restore(CheckpointState restored) {
        checkpoints.restoreParameters(restored.parametersFile(), block, model.getNDManager());
        checkpoints.restoreOptimizer(restored.optimizerFile(), optimizer, model.getNDManager());
        history.addAll(restored.history());
        early.replay(history);
        if (restored.bestParametersFile() != null) {
            best.restore(checkpoints.readBytes(restored.bestParametersFile()), early.bestEpoch());
        }
        step = restored.step();
        completedEpochs = restored.completedEpochs();
        LOG.info("resuming after epoch {} of {} from {}", completedEpochs, options.epochs(), checkpoints.dir());
    }

    /** Epochs finished so far (restored ones included). */
    public int completedEpochs() {
        return completedEpochs;
    }

    /** What each finished epoch achieved. */
    public List<EpochRecord> history() {
        return List.copyOf(history);
    }

    public Network network() {
        return network;
    }

    /**
     * Runs the remaining epochs (stopping early when validation stops improving), keeps the best epoch's parameters and
     * hands the model over: the caller owns and closes the returned {@link TrainedModel}. Runs once per {@code Training}.
     */
    public TrainedModel fit() {
        if (closed) throw new IllegalStateException("this training run is closed");
        if (fitted) throw new IllegalStateException("fit() runs once per training run");
        fitted = true;
        boolean stoppedEarly = false;
        try (Trainer trainer = model.newTrainer(trainerConfig())) {
            trainer.setMetrics(new Metrics());
            trainer.initialize(inputShape(1));
            long totalSteps = stepsPerEpoch() * options.epochs();
            for (int epoch = completedEpochs + 1; epoch <= options.epochs(); epoch++) {
                if (early.shouldStop()) {
                    stoppedEarly = true;
                    break;
                }
                history.add(runEpoch(trainer, epoch, totalSteps));
                completedEpochs = epoch;
                trainer.notifyListeners(l -> l.onEpoch(trainer));
            }
        }
        if (stoppedEarly) LOG.info("stopped early: no better validation accuracy for {} epochs", options.patience());
        int bestEpoch = completedEpochs;
        if (best.best() != null && best.bestEpoch() != completedEpochs) {
            Checkpoints.loadParameters(best.best(), block, model.getNDManager());
            bestEpoch = best.bestEpoch();
            LOG.info("keeping the parameters of epoch {} (best validation accuracy {})", bestEpoch,
                    String.format("%.2f%%", 100 * early.bestAccuracy()));
        }
        TrainedModel trained = new TrainedModel(network, model, mean, std, List.copyOf(history), bestEpoch, stoppedEarly,
                train.fingerprint(), options);
        WarmStart warm = config.warmStart();
        if (warm != null && warm.temperature() != 1) trained.divideLogitsBy(warm.temperature());
        handedOver = true;
        return trained;
    }

    /** Frees the model unless {@link #fit()} handed it over. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        if (!handedOver) model.close();
    }

    private DefaultTrainingConfig trainerConfig() {
        List<TrainingListener> listeners = new ArrayList<>(List.of(
                new ProgressListener(config.progress(), options.epochs(), train.size()), new EpochLogListener(options.epochs()), early, best));
        if (checkpoints != null) listeners.add(new CheckpointListener(checkpoints, this::checkpointState, block, optimizer, best));
        listeners.addAll(config.listeners());
        return new DefaultTrainingConfig(new SmoothedCrossEntropy((float) options.labelSmoothing()))
                .optOptimizer(optimizer)
                .optDevices(new Device[] {device})
                .addTrainingListeners(listeners.toArray(TrainingListener[]::new));
    }

    /** What the checkpoint after the epoch just finished records. */
    private CheckpointState checkpointState() {
        return new CheckpointState(CheckpointState.FORMAT, runKey, completedEpochs, step, mean, std, List.copyOf(history),
                String.format("epoch-%04d.params", completedEpochs), String.format("epoch-%04d.optimizer", completedEpochs),
                best.best() == null ? null : String.format("best-%04d.params", best.bestEpoch()));
    }

    private long stepsPerEpoch() {
        return (train.size() + options.batchSize() - 1) / options.batchSize();
    }

    private Shape inputShape(int batch) {
        InputShape in = train.shape();
        return new Shape(batch, in.channels(), in.height(), in.width());
    }

    private EpochRecord runEpoch(Trainer trainer, int epoch, long totalSteps) {
        Metrics metrics = trainer.getMetrics();
        metrics.addMetric(TrainingMetrics.EPOCH, epoch - 1);
        TorchRuntime.engine().setRandomSeed(derivedSeed(options.seed(), epoch));
        long started = System.nanoTime();
        double lossSum = 0;
        long correct = 0;
        long seen = 0;
        float lr = 0;
        try (PrefetchingBatches batches = new PrefetchingBatches(train, options.batchSize(), true, options.augmentation(),
                derivedSeed(options.seed(), epoch), mean, std)) {
            while (batches.hasNext()) {
                HostBatch b = batches.next();
                lr = (float) options.schedule().at(step, totalSteps, options.maxLearningRate());
                step++;
                try (NDManager m = trainer.getManager().newSubManager()) {
                    NDArray x = m.create(b.images(), inputShape(b.size()));
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
                        throw diagnosis("epoch " + epoch + ", step " + step).ofLoss(m, x, y, trainer.getLoss(), loss, true);
                    }
                    if (!NonFiniteDiagnosis.gradientsFinite(block)) {
                        throw diagnosis("epoch " + epoch + ", step " + step).ofGradients(loss);
                    }
                    optimizer.beginStep(step, lr);
                    trainer.step();
                    lossSum += (double) loss * b.size();
                    correct += correct(predictions.head(), y);
                    seen += b.size();
                    metrics.addMetric(TrainingMetrics.RUNNING_LOSS, lossSum / seen);
                    metrics.addMetric(TrainingMetrics.RUNNING_ACCURACY, (double) correct / seen);
                    BatchData data = batchData(m, x, y, predictions, b.size(), seen, train.size());
                    trainer.notifyListeners(listener -> listener.onTrainingBatch(trainer, data));
                }
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        double[] val = validation.size() == 0 ? new double[] {Double.NaN, Double.NaN} : validate(trainer, epoch);
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

    /** Mean loss and accuracy on the validation images, each batch shown to the listeners. */
    private double[] validate(Trainer trainer, int epoch) {
        double lossSum = 0;
        long correct = 0;
        long seen = 0;
        try (PrefetchingBatches batches = new PrefetchingBatches(validation, EVAL_BATCH, false, Augmentation.NONE, 0, mean, std)) {
            while (batches.hasNext()) {
                HostBatch b = batches.next();
                try (NDManager m = trainer.getManager().newSubManager()) {
                    NDArray x = m.create(b.images(), inputShape(b.size()));
                    NDArray y = m.create(b.labels()).toType(DataType.INT64, false);
                    NDList predictions = trainer.evaluate(new NDList(x));
                    float loss = trainer.getLoss().evaluate(new NDList(y), predictions).getFloat();
                    if (!Float.isFinite(loss)) {
                        throw diagnosis("epoch " + epoch + ", validation").ofLoss(m, x, y, trainer.getLoss(), loss, false);
                    }
                    lossSum += (double) loss * b.size();
                    correct += correct(predictions.head(), y);
                    seen += b.size();
                    BatchData data = batchData(m, x, y, predictions, b.size(), seen, validation.size());
                    trainer.notifyListeners(listener -> listener.onValidationBatch(trainer, data));
                }
            }
        }
        return new double[] {lossSum / validation.size(), (double) correct / validation.size()};
    }

    private BatchData batchData(NDManager m, NDArray x, NDArray y, NDList predictions, int size, long progress, long total) {
        Batch batch = new Batch(m, new NDList(x), new NDList(y), size, Batchifier.STACK, Batchifier.STACK, progress, total);
        return new BatchData(batch, Map.of(device, new NDList(y)), Map.of(device, predictions));
    }

    private NonFiniteDiagnosis diagnosis(String where) {
        return new NonFiniteDiagnosis(block, network.layers(), where);
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
}
