package dev.inkwell.train;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;

/**
 * The digest a checkpoint carries so that it resumes only the run that wrote it: the options and the data.
 *
 * <p>The options go in as a canonical text, their names sorted with their values, so the key does not depend on how
 * {@link TrainingOptions} prints or orders its fields. An option added after {@link #OPTIONS_OF_FORMAT_1} is left out
 * while it has its default value ({@link #DEFAULTS_OF_LATER_OPTIONS}), so adding one does not orphan checkpoints
 * written before it existed. Checkpoints written before this format carry the digest of the options' record text
 * ({@link #legacy}); they keep resuming.
 */
final class RunKey {
    /** Every option there was when the key became canonical. */
    static final Set<String> OPTIONS_OF_FORMAT_1 = Set.of("architecture", "epochs", "batchSize", "maxLearningRate", "weightDecay",
            "labelSmoothing", "schedule", "augmentation.maxRotationDegrees", "augmentation.maxShift", "augmentation.maxScaleChange",
            "augmentation.maxShearDegrees", "augmentation.elasticAlpha", "augmentation.elasticSigma", "seed", "patience");
    /** Options added since, with the canonical text of their default value: a new option must be listed here. */
    static final Map<String, String> DEFAULTS_OF_LATER_OPTIONS = Map.of();

    private RunKey() {
    }

    /** The key of a run of {@code o} on data with these fingerprints. */
    static String of(TrainingOptions o, String trainFingerprint, String validationFingerprint) {
        return digest(canonical(o.canonicalForm(), DEFAULTS_OF_LATER_OPTIONS) + "|" + trainFingerprint + "|" + validationFingerprint);
    }

    /** Whether a checkpoint's {@code recorded} key belongs to this run, in the current or the former format. */
    static boolean matches(String recorded, TrainingOptions o, String trainFingerprint, String validationFingerprint) {
        return recorded != null && (recorded.equals(of(o, trainFingerprint, validationFingerprint))
                || recorded.equals(legacy(o, trainFingerprint, validationFingerprint)));
    }

    /**
     * One {@code name=value} line per option in name order, leaving out later options at their default.
     *
     * @throws IllegalStateException for an option that is neither of format 1 nor given a default: whoever adds an
     *                               option must decide how old checkpoints see it
     */
    static String canonical(SortedMap<String, String> options, Map<String, String> defaultsOfLaterOptions) {
        StringBuilder text = new StringBuilder();
        options.forEach((name, value) -> {
            if (!OPTIONS_OF_FORMAT_1.contains(name)) {
                if (!defaultsOfLaterOptions.containsKey(name)) {
                    throw new IllegalStateException("training option " + name + " has no default in RunKey.DEFAULTS_OF_LATER_OPTIONS");
                }
                if (defaultsOfLaterOptions.get(name).equals(value)) return;
            }
            text.append(name).append('=').append(value).append('\n');
        });
        return text.toString();
    }

    /**
     * The key as Inkwell computed it before the canonical format: the digest of the options record's own text (Java's
     * record {@code toString}, spelled out here so that it stays what it was whatever the record becomes).
     */
    static String legacy(TrainingOptions o, String trainFingerprint, String validationFingerprint) {
        Augmentation a = o.augmentation();
        String text = "TrainingOptions[architecture=" + o.architecture().name() + ", epochs=" + o.epochs() + ", batchSize=" + o.batchSize()
                + ", maxLearningRate=" + o.maxLearningRate() + ", weightDecay=" + o.weightDecay() + ", labelSmoothing=" + o.labelSmoothing()
                + ", schedule=" + o.schedule().name() + ", augmentation=Augmentation[maxRotationDegrees=" + a.maxRotationDegrees()
                + ", maxShift=" + a.maxShift() + ", maxScaleChange=" + a.maxScaleChange() + ", maxShearDegrees=" + a.maxShearDegrees()
                + ", elasticAlpha=" + a.elasticAlpha() + ", elasticSigma=" + a.elasticSigma() + "], seed=" + o.seed()
                + ", patience=" + o.patience() + "]";
        return digest(text + "|" + trainFingerprint + "|" + validationFingerprint);
    }

    private static String digest(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
