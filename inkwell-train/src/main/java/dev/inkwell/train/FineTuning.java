package dev.inkwell.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.inkwell.core.AtomicFiles;
import dev.inkwell.core.InkwellException;
import dev.inkwell.core.Progress;
import dev.inkwell.inference.ModelCard;
import dev.inkwell.inference.ModelCards;
import dev.inkwell.inference.ModelCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
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
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private FineTuning() {
    }

    public static FineTuneResult run(FineTuneRequest r, Progress progress, String inkwellVersion) {
        Base base = Base.resolve(r.base());
        ModelCard card = base.card();
        Architecture arch = base.architecture();
        InputShape in = new InputShape(card.inputChannels(), card.inputHeight(), card.inputWidth());
        TrainingSession.WarmStart start = new TrainingSession.WarmStart(base.parameters(), (float) card.mean(), (float) card.std(),
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
            replayTrain = all.select(java.util.Arrays.copyOf(pick, Math.min(r.replayCount(), all.size())));
            TrainingData test = TrainingData.load(r.replay(), "test", r.evalLimit(), card.classNames());
            originalTest = test == null ? null : test.images();
        }
        ImageSet mixed = mix(user.images(), replayTrain, r.userShare());
        LOG.info("fine-tuning {} on {} user samples (repeated to {} per epoch) + {} replay images", card.name(), user.images().size(),
                mixed.size() - (replayTrain == null ? 0 : replayTrain.size()), replayTrain == null ? 0 : replayTrain.size());

        double userBefore;
        double originalBefore = Double.NaN;
        try (TrainedModel before = TrainingSession.load(arch, in, card.classNames(), start)) {
            userBefore = before.accuracy(user.images());
            if (originalTest != null) originalBefore = before.accuracy(originalTest);
        }
        TrainingOptions o = TrainingOptions.defaults(arch, r.epochs(), r.seed()).withBatchSize(r.batchSize())
                .withLearningRate(r.learningRate()).withSchedule(LearningRateSchedule.COSINE).withPatience(0);
        try (TrainedModel tuned = TrainingSession.fineTune(o, mixed, mixed.limit(0), start, progress)) {
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
            ModelCard tunedCard = card.newVersion(name, user.fingerprint(), r.seed(), r.epochs(), metrics, now, inkwellVersion);
            tuned.writeNetwork(r.out(), tunedCard, inkwellVersion);
            AtomicFiles.write(r.out().resolve("finetune-metrics.json"), out -> JSON.writeValue(out, metrics));
            ModelCards.write(r.out().resolve("model.card.json"), tunedCard);
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

    /** A base model's card and DJL parameters, from a folder or from the bundled models on the class path. */
    record Base(ModelCard card, byte[] parameters) {
        /**
         * The card's architecture, checked against what this Inkwell builds under that name: a model from a build whose
         * design differed (the former {@code standard} is now {@code wide}) gets a clear error, not a shape mismatch.
         */
        Architecture architecture() {
            Architecture arch = Architecture.parse(card.architecture());
            long built = arch.network(new InputShape(card.inputChannels(), card.inputHeight(), card.inputWidth()), card.classCount())
                    .parameterCount();
            if (card.parameterCount() > 0 && built != card.parameterCount()) {
                throw new InkwellException(card.name() + ": its card says '" + card.architecture() + "' with " + card.parameterCount()
                        + " parameters, but this Inkwell's '" + arch.id() + "' has " + built + ": it was trained by a build whose "
                        + "design differed (the former 585,130-parameter standard is now --arch wide)");
            }
            return arch;
        }

        static Base resolve(String base) {
            Path dir = Path.of(base);
            if (Files.isRegularFile(dir) && dir.getFileName().toString().endsWith(".onnx")) dir = dir.toAbsolutePath().getParent();
            if (Files.isDirectory(dir)) {
                Path card = dir.resolve("model.card.json");
                Path params = dir.resolve(ModelTraining.PARAMETERS);
                if (!Files.isRegularFile(card) || !Files.isRegularFile(params)) {
                    throw new InkwellException(base + ": fine-tuning needs a model folder written by 'inkwell train' "
                            + "(model.card.json and model.params); an ONNX file alone cannot be trained further");
                }
                try {
                    return new Base(ModelCards.read(card), Files.readAllBytes(params));
                } catch (IOException e) {
                    throw new InkwellException(params + ": unreadable: " + e.getMessage(), e);
                }
            }
            String name = base.toLowerCase(Locale.ROOT);
            byte[] card = ModelCatalog.bundledFile(name, "model.card.json");
            byte[] params = ModelCatalog.bundledFile(name, ModelTraining.PARAMETERS);
            if (card == null || params == null) {
                throw new InkwellException("base model '" + base + "' not found: give a model folder written by 'inkwell train' "
                        + "or a bundled model name (" + String.join(", ", ModelCatalog.BUNDLED) + ")");
            }
            return new Base(ModelCards.parse(card, "bundled " + name), params);
        }
    }
}
