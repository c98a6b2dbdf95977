package dev.inkwell.train;

import dev.inkwell.core.AtomicFiles;
import dev.inkwell.core.InkwellException;
import dev.inkwell.core.Json;
import dev.inkwell.core.Progress;
import dev.inkwell.inference.FineTuneSettings;
import dev.inkwell.inference.ModelCard;
import dev.inkwell.inference.ModelCards;
import dev.inkwell.inference.ModelSource;
import dev.inkwell.inference.TemperatureScaling;
import dev.inkwell.inference.TrainingProvenance;
import dev.inkwell.model.ModelFiles;
import dev.inkwell.model.ModelResolvers;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adapts a trained model to a user's handwriting (seed 000's "transfer learning"): a few epochs at a low learning
 * rate on the user's samples, augmented and repeated, mixed with replay from the original training data so the
 * model keeps what it knew. Reports accuracy on the user's samples and on the original test data before and after.
 */
public final class FineTuning {
    private static final Logger LOG = LoggerFactory.getLogger(FineTuning.class);
    /** What the card keeps of finetune-metrics.json as figures; the rest it records as options and parent. */
    private static final List<String> CARD_METRICS = List.of("userSamples", "userAccuracyBefore", "userAccuracyAfter", "testAccuracy",
            "testAccuracyBefore", "testCount");

    private FineTuning() {
    }

    public static FineTuneResult run(FineTuneRequest r, Progress progress, String inkwellVersion) {
        return run(r, ModelResolvers.defaults(), progress, inkwellVersion);
    }

    /** As above, finding the base model with {@code resolvers} (a command's registry among them). */
    public static FineTuneResult run(FineTuneRequest r, ModelResolvers resolvers, Progress progress, String inkwellVersion) {
        BaseModel base = BaseModel.resolve(r.base(), "fine-tuning", resolvers);
        ModelCard card = base.card();
        Architecture arch = base.architecture();
        InputShape in = new InputShape(card.inputChannels(), card.inputHeight(), card.inputWidth());
        WarmStart start = new WarmStart(base.parameters(), (float) card.mean(), (float) card.std(),
                r.freezeFeatures(), card.temperature());
        TrainingData user = TrainingData.load(r.data(), "train", 0, card.classNames());
        if (!user.images().shape().equals(in)) {
            throw new InkwellException(r.data().location() + ": images are " + user.images().shape() + " but " + card.name() + " takes " + in);
        }
        ImageSet replayTrain = null;
        ImageSet originalTest = null;
        if (r.replay() != null) {
            ImageSet all = TrainingData.load(r.replay(), "train", 0, card.classNames()).images();
            int[] pick = ImageSet.shuffled(all.size(), new Random(r.seed()));
            replayTrain = all.select(Arrays.copyOf(pick, Math.min(r.replayCount(), all.size())));
            TrainingData test = TrainingData.load(r.replay(), "test", r.evalLimit(), card.classNames());
            originalTest = test == null ? null : test.images();
        }
        ImageSet mixed = mix(user.images(), replayTrain, r.userShare());
        LOG.info("fine-tuning {} on {} user samples (repeated to {} per epoch) + {} replay images", card.name(), user.images().size(),
                mixed.size() - (replayTrain == null ? 0 : replayTrain.size()), replayTrain == null ? 0 : replayTrain.size());

        double userBefore;
        double originalBefore = Double.NaN;
        try (TrainedModel before = TrainedModel.load(arch, in, card.classNames(), start)) {
            userBefore = before.accuracy(user.images());
            if (originalTest != null) originalBefore = before.accuracy(originalTest);
        }
        TrainingOptions o = TrainingOptions.defaults(arch, r.epochs(), r.seed()).withBatchSize(r.batchSize())
                .withLearningRate(r.learningRate()).withSchedule(LearningRateSchedule.COSINE).withPatience(0);
        TrainingConfig config = TrainingConfig.of(o, mixed, mixed.limit(0)).warmStartingFrom(start).reportingTo(progress);
        try (Training training = Training.open(config); TrainedModel tuned = training.fit()) {
            double userAfter = tuned.accuracy(user.images());
            double originalAfter = originalTest == null ? Double.NaN : tuned.accuracy(originalTest);
            LOG.info("user samples: {} -> {}; original test: {} -> {}", pct(userBefore), pct(userAfter), pct(originalBefore), pct(originalAfter));
            Map<String, Object> metrics = new LinkedHashMap<>();
            metrics.put("userSamples", user.images().size());
            metrics.put("userAccuracyBefore", userBefore);
            metrics.put("userAccuracyAfter", userAfter);
            if (originalTest != null) {
                metrics.put("testAccuracy", originalAfter);
                metrics.put("testAccuracyBefore", originalBefore);
                metrics.put("testCount", originalTest.size());
            }
            metrics.put("base", card.name());
            metrics.put("replayCount", replayTrain == null ? 0 : replayTrain.size());
            metrics.put("epochs", r.epochs());
            metrics.put("learningRate", r.learningRate());
            metrics.put("freezeFeatures", r.freezeFeatures());
            if (card.temperature() != 1) metrics.put("temperature", card.temperature()); // put back by fineTune
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            String name = r.name() != null ? r.name() : r.out().toAbsolutePath().normalize().getFileName().toString();
            FineTuneSettings mixing = new FineTuneSettings(replayTrain == null ? 0 : replayTrain.size(), r.userShare(), r.freezeFeatures());
            ModelCard.Builder tunedBuilder = card.newVersion(name, ModelSource.FINETUNE, r.base().toString(), now, inkwellVersion)
                    .training(new TrainingProvenance(ModelSource.FINETUNE, card.asParent(r.base().toString()), user.fingerprint(),
                            r.seed(), r.epochs(), null, null, o.settings(null, null, mixing), TorchRuntime.describe()))
                    .metrics(Map.of())
                    // the base's calibration is put back by fineTune; its log losses were measured on the base
                    .calibration(card.temperature() == 1 ? null : new TemperatureScaling(card.temperature(), null, null));
            metrics.forEach((key, value) -> {
                if (CARD_METRICS.contains(key)) tunedBuilder.metric(key, ((Number) value).doubleValue());
            });
            ModelCard tunedCard = tunedBuilder.build();
            ModelFiles files = ModelFiles.in(r.out());
            tuned.writeNetwork(files, tunedCard, inkwellVersion);
            AtomicFiles.write(r.out().resolve("finetune-metrics.json"), out -> Json.pretty().writeValue(out, metrics));
            ModelCards.write(files.card(), tunedCard);
            return new FineTuneResult(r.out(), tunedCard, user.images().size(), userBefore, userAfter,
                    originalTest == null ? 0 : originalTest.size(), originalBefore, originalAfter);
        }
    }

    /** User samples repeated so they make up {@code userShare} of the epoch, followed by the replay images. */
    static ImageSet mix(ImageSet user, ImageSet replay, double userShare) {
        if (replay == null || replay.size() == 0) return user;
        int userTotal = (int) Math.max(user.size(), Math.round(replay.size() * userShare / (1 - Math.min(userShare, 0.99))));
        int n = userTotal + replay.size();
        int per = user.shape().pixels();
        byte[] px = new byte[n * per];
        int[] labels = new int[n];
        for (int i = 0; i < userTotal; i++) {
            System.arraycopy(user.pixels(), (i % user.size()) * per, px, i * per, per);
            labels[i] = user.labels()[i % user.size()];
        }
        System.arraycopy(replay.pixels(), 0, px, userTotal * per, replay.size() * per);
        System.arraycopy(replay.labels(), 0, labels, userTotal, replay.size());
        return new ImageSet(user.shape(), px, labels, user.classNames());
    }

    private static String pct(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.2f%%", 100 * v);
    }
}
