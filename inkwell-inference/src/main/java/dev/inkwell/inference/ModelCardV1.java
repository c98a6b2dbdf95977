package dev.inkwell.inference;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A card of schema version 1 (no {@code schemaVersion}), as Inkwell wrote them before version 2: one flat object,
 * with training options, calibration and lineage kept inside {@code metrics}. Read only, to be converted.
 */
record ModelCardV1(
        String name,
        String version,
        String architecture,
        long parameterCount,
        int inputWidth,
        int inputHeight,
        int inputChannels,
        String inputScaling,
        double mean,
        double std,
        String preprocessing,
        List<String> classNames,
        String datasetFingerprint,
        Long seed,
        Integer epochs,
        Map<String, Object> metrics,
        Instant createdAt,
        String inkwellVersion) {

    /** The same facts in version 2's sections. */
    ModelCard toV2(ObjectMapper mapper) {
        Map<String, Object> m = metrics == null ? Map.of() : metrics;
        ModelCard.Builder b = ModelCard.builder().name(name).version(version).architecture(architecture)
                .parameterCount(parameterCount).created(createdAt).inkwellVersion(inkwellVersion)
                .input(new InputSpec(inputWidth, inputHeight, inputChannels,
                        inputScaling == null ? null : InputScaling.parse(inputScaling), mean, std,
                        preprocessing == null ? null : Preprocessing.parse(preprocessing)))
                .classNames(classNames);
        if (m.get("note") instanceof String note) b.description(note);
        if (m.get("temperature") instanceof Number t && t.doubleValue() > 0) {
            b.calibration(new TemperatureScaling(t.doubleValue(), number(m, "validationLogLossUncalibrated"), number(m, "validationLogLoss")));
        }
        for (var e : m.entrySet()) {
            if (e.getValue() instanceof Number n && !MOVED.contains(e.getKey()) && !redundant(e.getKey(), n)) {
                b.metric(e.getKey(), n.doubleValue());
            }
        }
        return b.training(training(m, mapper)).build();
    }

    /** Numbers that version 2 keeps outside {@code metrics}. */
    private static final List<String> MOVED = List.of("temperature", "validationLogLossUncalibrated", "validationLogLoss", "bestEpoch",
            "replayCount", "learningRate");

    /** {@code epochsRun} and a fine-tuned card's {@code epochs} repeat the card's epochs. */
    private boolean redundant(String key, Number n) {
        return ("epochsRun".equals(key) || "epochs".equals(key)) && epochs != null && n.intValue() == epochs;
    }

    private TrainingProvenance training(Map<String, Object> m, ObjectMapper mapper) {
        ModelSource source;
        ParentModel parent = null;
        TrainingSettings options = m.get("options") instanceof Map<?, ?> o ? mapper.convertValue(o, TrainingSettings.class) : null;
        if (m.get("base") instanceof String base) {
            source = ModelSource.FINETUNE;
            parent = new ParentModel(base, null, null, null);
            FineTuneSettings fineTune = new FineTuneSettings(integer(m, "replayCount"), null,
                    m.get("freezeFeatures") instanceof Boolean f ? f : null);
            options = new TrainingSettings(null, number(m, "learningRate"), null, null, null, null, null, null, null, fineTune);
        } else if (m.get("calibratedFrom") instanceof String from) {
            source = ModelSource.CALIBRATE;
            parent = new ParentModel(name, from, null, null);
        } else if (seed != null || datasetFingerprint != null || epochs != null || options != null) {
            source = ModelSource.TRAIN;
        } else {
            return null; // a model Inkwell did not make
        }
        return new TrainingProvenance(source, parent, datasetFingerprint, seed, epochs, integer(m, "bestEpoch"),
                m.get("stoppedEarly") instanceof Boolean s ? s : null, options, null);
    }

    private static Double number(Map<String, Object> m, String key) {
        return m.get(key) instanceof Number n ? n.doubleValue() : null;
    }

    private static Integer integer(Map<String, Object> m, String key) {
        return m.get(key) instanceof Number n ? n.intValue() : null;
    }
}
