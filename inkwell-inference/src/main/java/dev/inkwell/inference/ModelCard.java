package dev.inkwell.inference;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Provenance and contract of a model, travelling beside it as {@code model.card.json} (schema version
 * {@value #SCHEMA_VERSION}; {@link ModelCards} also reads the flat cards of version 1): which model it is, what it takes
 * as input, its classes, how it was trained, how well it did and the calibration folded into it.
 *
 * @param training    null for a model Inkwell did not make
 * @param metrics     figures measured on the model (test accuracy, counts, times): finite numbers only
 * @param calibration null when the model is not calibrated
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"schemaVersion", "model", "input", "classNames", "training", "metrics", "calibration"})
public record ModelCard(
        ModelDetails model,
        InputSpec input,
        List<String> classNames,
        TrainingProvenance training,
        @JsonSerialize(contentUsing = MetricValueSerializer.class) Map<String, Double> metrics,
        TemperatureScaling calibration) {
    public static final int SCHEMA_VERSION = 2;

    public ModelCard {
        model = model == null ? ModelDetails.UNSPECIFIED : model;
        input = input == null ? InputSpec.UNSPECIFIED : input;
        classNames = classNames == null ? List.of() : List.copyOf(classNames);
        Map<String, Double> m = new LinkedHashMap<>();
        if (metrics != null) {
            metrics.forEach((k, v) -> {
                if (v == null || !Double.isFinite(v)) throw new IllegalArgumentException("metric " + k + " is not a finite number: " + v);
                m.put(k, v);
            });
        }
        metrics = Collections.unmodifiableMap(m);
    }

    @JsonProperty("schemaVersion")
    public int schemaVersion() {
        return SCHEMA_VERSION;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * A model made from this one ({@code source}: fine-tuned, calibrated): the same input contract, classes,
     * architecture, training provenance and metrics, a new version stamped {@code at}, and this model as its parent.
     * The caller replaces what the new weights changed (metrics, provenance, calibration).
     *
     * @param ref the reference this model was named by (e.g. {@code bundled:mnist}), recorded in the parent
     */
    public Builder newVersion(String newName, ModelSource source, String ref, Instant at, String inkwellVersion) {
        ParentModel parent = asParent(ref);
        TrainingProvenance derived = training == null
                ? new TrainingProvenance(source, parent, null, null, null, null, null, null, null)
                : training.derived(source, parent);
        return toBuilder().name(newName).version(at.toString()).created(at).inkwellVersion(inkwellVersion).training(derived);
    }

    /** This model as the parent of one made from it, named by {@code ref}. */
    public ParentModel asParent(String ref) {
        return new ParentModel(name(), version(), ref, source());
    }

    // ---- the fields everyone reads ----------------------------------------------------------------------------------

    public String name() {
        return model.name();
    }

    public String version() {
        return model.version();
    }

    public String architecture() {
        return model.architecture();
    }

    public long parameterCount() {
        return model.parameterCount();
    }

    public Instant createdAt() {
        return model.created();
    }

    public String inkwellVersion() {
        return model.inkwellVersion();
    }

    public String description() {
        return model.description();
    }

    public int inputWidth() {
        return input.width();
    }

    public int inputHeight() {
        return input.height();
    }

    public int inputChannels() {
        return input.channels();
    }

    /** How pixels are scaled for the model; null when the card leaves it to the defaults. */
    public InputScaling inputScaling() {
        return input.scaling();
    }

    public double mean() {
        return input.mean();
    }

    public double std() {
        return input.std();
    }

    /** The preprocessing profile; null when the card leaves it to the defaults. */
    public Preprocessing preprocessing() {
        return input.preprocessing();
    }

    public int classCount() {
        return classNames.size();
    }

    /** The calibration temperature folded into the model's last layer; 1 when none. */
    public double temperature() {
        return calibration == null ? 1 : calibration.temperature();
    }

    /** How the model came to be: {@link ModelSource#IMPORT} for one Inkwell did not make. */
    public ModelSource source() {
        return training == null ? ModelSource.IMPORT : training.source();
    }

    public String datasetFingerprint() {
        return training == null ? null : training.dataFingerprint();
    }

    public Long seed() {
        return training == null ? null : training.seed();
    }

    public Integer epochs() {
        return training == null ? null : training.epochs();
    }

    /** The options the model was trained with; null when not recorded. */
    public TrainingSettings options() {
        return training == null ? null : training.options();
    }

    /** Builds cards section by section; every setter returns the builder. */
    public static final class Builder {
        private String name;
        private String version;
        private String architecture;
        private long parameterCount;
        private Instant created;
        private String inkwellVersion;
        private String description;
        private InputSpec input = InputSpec.UNSPECIFIED;
        private List<String> classNames = new ArrayList<>();
        private TrainingProvenance training;
        private final Map<String, Double> metrics = new LinkedHashMap<>();
        private TemperatureScaling calibration;

        private Builder() {
        }

        private Builder(ModelCard c) {
            name = c.model.name();
            version = c.model.version();
            architecture = c.model.architecture();
            parameterCount = c.model.parameterCount();
            created = c.model.created();
            inkwellVersion = c.model.inkwellVersion();
            description = c.model.description();
            input = c.input;
            classNames = new ArrayList<>(c.classNames);
            training = c.training;
            metrics.putAll(c.metrics);
            calibration = c.calibration;
        }

        public Builder name(String v) {
            name = v;
            return this;
        }

        public Builder version(String v) {
            version = v;
            return this;
        }

        public Builder architecture(String v) {
            architecture = v;
            return this;
        }

        public Builder parameterCount(long v) {
            parameterCount = v;
            return this;
        }

        public Builder created(Instant v) {
            created = v;
            return this;
        }

        public Builder inkwellVersion(String v) {
            inkwellVersion = v;
            return this;
        }

        public Builder description(String v) {
            description = v;
            return this;
        }

        public Builder input(InputSpec v) {
            input = v;
            return this;
        }

        public Builder classNames(List<String> v) {
            classNames = v == null ? new ArrayList<>() : new ArrayList<>(v);
            return this;
        }

        public Builder training(TrainingProvenance v) {
            training = v;
            return this;
        }

        /** Adds (or replaces) one metric. */
        public Builder metric(String key, double value) {
            metrics.put(key, value);
            return this;
        }

        /** Replaces all metrics. */
        public Builder metrics(Map<String, Double> v) {
            metrics.clear();
            if (v != null) metrics.putAll(v);
            return this;
        }

        public Builder calibration(TemperatureScaling v) {
            calibration = v;
            return this;
        }

        public ModelCard build() {
            return new ModelCard(new ModelDetails(name, version, architecture, parameterCount, created, inkwellVersion, description),
                    input, classNames, training, metrics, calibration);
        }
    }
}
