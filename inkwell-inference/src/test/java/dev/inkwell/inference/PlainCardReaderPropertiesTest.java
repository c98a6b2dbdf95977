package dev.inkwell.inference;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inkwell.model.BundledModels;
import dev.inkwell.model.ModelFiles;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * {@link PlainCardReader} against Jackson's binding of the same tree: every card Inkwell writes is read without
 * binding and equal to what binding makes of it; for any change to one field of a full card the reader either
 * declines (binding then decides) or returns what binding returns, and it never accepts what binding refuses.
 */
class PlainCardReaderPropertiesTest {
    private static final ObjectMapper MAPPER = ModelCards.mapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** A card with every section and field Inkwell writes. */
    private static final String FULL = """
            {"schemaVersion": 2,
             "model": {"name": "digits", "version": "v7", "architecture": "standard", "parameterCount": 222810,
                       "created": "2026-11-23T02:00:42Z", "inkwellVersion": "0.1.0", "description": "a note"},
             "input": {"width": 28, "height": 28, "channels": 1, "scaling": "mean-std", "mean": 0.13, "std": 0.31,
                       "preprocessing": "mnist"},
             "classNames": ["0", "1", "2"],
             "training": {"source": "finetune", "parent": {"name": "mnist", "version": "v6", "ref": "bundled:mnist", "source": "train"},
                          "dataFingerprint": "ccf4", "seed": 20261122, "epochs": 30, "bestEpoch": 23, "stoppedEarly": false,
                          "options": {"batchSize": 128, "learningRate": 0.003, "weightDecay": 5.0E-4, "labelSmoothing": 0.1,
                                      "schedule": "onecycle",
                                      "augmentation": {"maxRotationDegrees": 8.0, "maxShift": 0.08, "maxScaleChange": 0.08,
                                                       "maxShearDegrees": 8, "elasticAlpha": 0.0, "elasticSigma": 0.0},
                                      "validationSplit": 0.05, "limit": 0, "patience": 3,
                                      "fineTune": {"replayCount": 500, "userShare": 0.5, "freezeFeatures": true}},
                          "engine": {"pytorchVersion": "2.7.1", "djlVersion": "0.35.1", "oneDnnIsa": "avx512"}},
             "metrics": {"testAccuracy": 0.997, "testCount": 10000},
             "calibration": {"temperature": 0.48, "logLossBefore": 0.1, "logLossAfter": 0.013}}
            """;

    /** Where a value can be replaced: an object's path and the field in it. */
    private static final List<String> FIELDS = List.of(
            "/model", "/input", "/classNames", "/training", "/metrics", "/calibration", "/unknownField",
            "/model/name", "/model/version", "/model/architecture", "/model/parameterCount", "/model/created",
            "/model/inkwellVersion", "/model/description",
            "/input/width", "/input/height", "/input/channels", "/input/scaling", "/input/mean", "/input/std", "/input/preprocessing",
            "/classNames/0",
            "/training/source", "/training/parent", "/training/dataFingerprint", "/training/seed", "/training/epochs",
            "/training/bestEpoch", "/training/stoppedEarly", "/training/options", "/training/engine",
            "/training/parent/name", "/training/parent/source",
            "/training/options/batchSize", "/training/options/learningRate", "/training/options/schedule",
            "/training/options/augmentation", "/training/options/augmentation/maxShift", "/training/options/validationSplit",
            "/training/options/limit", "/training/options/fineTune", "/training/options/fineTune/replayCount",
            "/training/options/fineTune/userShare", "/training/options/fineTune/freezeFeatures", "/training/engine/oneDnnIsa",
            "/metrics/testCount", "/calibration/temperature", "/calibration/logLossAfter");

    @Example
    void theBundledCardsAreReadWithoutBinding() throws IOException {
        for (String name : List.of("mnist", "mnist-compact", "fashion-mnist")) {
            JsonNode tree = MAPPER.readTree(BundledModels.file(name, ModelFiles.CARD));
            assertThat(PlainCardReader.read(tree)).as(name).isNotNull().isEqualTo(bound(tree));
            assertThat(ModelCards.parse(tree, name)).isEqualTo(bound(tree));
        }
    }

    @Example
    void theFullCardIsReadWithoutBinding() throws IOException {
        JsonNode tree = MAPPER.readTree(FULL);
        assertThat(PlainCardReader.read(tree)).isNotNull().isEqualTo(bound(tree));
    }

    @Property(tries = 300)
    void everyCardInkwellWritesIsReadWithoutBindingAsBindingReadsIt(@ForAll("cards") ModelCard card) throws IOException {
        JsonNode tree = MAPPER.readTree(ModelCards.toJson(card));
        ModelCard plain = PlainCardReader.read(tree);
        assertThat(plain).isNotNull().isEqualTo(bound(tree)).isEqualTo(card);
    }

    @Property(tries = 1500)
    void oneChangedValueIsReadAsBindingReadsItOrLeftToBinding(@ForAll("fields") String field, @ForAll("values") JsonNode value)
            throws IOException {
        ObjectNode tree = (ObjectNode) MAPPER.readTree(FULL);
        int slash = field.lastIndexOf('/');
        JsonNode parent = slash == 0 ? tree : tree.at(field.substring(0, slash));
        String name = field.substring(slash + 1);
        if (parent instanceof ArrayNode array) {
            if (value.isMissingNode()) array.remove(Integer.parseInt(name));
            else array.set(Integer.parseInt(name), value);
        } else if (value.isMissingNode()) {
            ((ObjectNode) parent).remove(name); // the field left out
        } else {
            ((ObjectNode) parent).set(name, value);
        }

        ModelCard plain = PlainCardReader.read(tree);
        ModelCard bound;
        try {
            bound = bound(tree);
        } catch (IOException | IllegalArgumentException e) {
            assertThat(plain).as("binding refuses it (%s), so must the plain reader", e.getMessage()).isNull();
            return;
        }
        if (plain != null) assertThat(plain).isEqualTo(bound);
    }

    private static ModelCard bound(JsonNode tree) throws IOException {
        ObjectNode sections = ((ObjectNode) tree).deepCopy();
        sections.remove("schemaVersion");
        return MAPPER.treeToValue(sections, ModelCard.class);
    }

    @Provide
    Arbitrary<String> fields() {
        return Arbitraries.of(FIELDS);
    }

    @Provide
    Arbitrary<JsonNode> values() {
        Arbitrary<JsonNode> texts = Arbitraries.of("", "  ", "mnist", "RESIZE", " train ", "finetune", "mean-std", "0-255", "bogus",
                "2026-11-23T02:00:42Z", "2026-11-23T02:00:42.5Z", "2026-11-23T02:00:42+01:00", " 2026-11-23T02:00:42Z",
                "2026-13-40T00:00:00Z", "Z", "12", "-3", "1.5", "true", "null", "NaN").map(NODES::textNode);
        Arbitrary<JsonNode> ints = Arbitraries.oneOf(Arbitraries.integers(), Arbitraries.of(0, 1, -1, 28, Integer.MAX_VALUE, Integer.MIN_VALUE))
                .map(NODES::numberNode);
        Arbitrary<JsonNode> longs = Arbitraries.of(Long.MAX_VALUE, 1L << 40, -(1L << 33)).map(NODES::numberNode);
        Arbitrary<JsonNode> bigs = Arbitraries.of(new BigInteger("123456789012345678901234567890"), BigInteger.TEN)
                .map(NODES::numberNode);
        Arbitrary<JsonNode> doubles = Arbitraries.oneOf(anyDouble(),
                Arbitraries.of(0.0, -0.0, 2.5, 1e300, -1e-300, Double.MAX_VALUE, 28.0, 0.48)).map(NODES::numberNode);
        Arbitrary<JsonNode> others = Arbitraries.of(MissingNode.getInstance(), NODES.nullNode(), NODES.booleanNode(true), NODES.booleanNode(false),
                NODES.arrayNode(), NODES.arrayNode().add("a"), NODES.arrayNode().add(1), NODES.objectNode(),
                NODES.objectNode().put("name", "x"), NODES.objectNode().put("a", 1.5), NODES.objectNode().put("temperature", 2));
        return Arbitraries.oneOf(texts, ints, longs, bigs, doubles, others);
    }

    /** Any finite double, every bit of it (jqwik's own doubles keep two decimals by default). */
    private static Arbitrary<Double> anyDouble() {
        return Arbitraries.oneOf(Arbitraries.longs().map(Double::longBitsToDouble).filter(Double::isFinite),
                Arbitraries.doubles().ofScale(6), Arbitraries.of(0.0, 1.0, 0.5, 1e-320, Double.MIN_NORMAL));
    }

    @Provide
    Arbitrary<ModelCard> cards() {
        Arbitrary<String> text = Arbitraries.strings().ofMaxLength(12).injectNull(0.2);
        Arbitrary<Instant> instant = Arbitraries.longs().between(0, 4_000_000_000L).map(Instant::ofEpochSecond).injectNull(0.2);
        Arbitrary<ModelDetails> details = Combinators.combine(text, text, text, Arbitraries.longs(), instant, text, text)
                .as(ModelDetails::new);
        Arbitrary<InputSpec> input = Combinators.combine(Arbitraries.integers().between(0, 4096), Arbitraries.integers().between(0, 4096),
                Arbitraries.integers().between(0, 4), Arbitraries.of(InputScaling.ZERO_TO_ONE, InputScaling.ZERO_TO_255).injectNull(0.2),
                anyDouble(), anyDouble(), Arbitraries.of(Preprocessing.class).injectNull(0.2)).as(InputSpec::new);
        Arbitrary<Double> optionalDouble = anyDouble().injectNull(0.3);
        Arbitrary<Integer> optionalInt = Arbitraries.integers().injectNull(0.3);
        Arbitrary<AugmentationSettings> augmentation = Combinators.combine(anyDouble(), anyDouble(), anyDouble(),
                anyDouble(), anyDouble(), anyDouble()).as(AugmentationSettings::new).injectNull(0.3);
        Arbitrary<FineTuneSettings> fineTune = Combinators.combine(optionalInt, optionalDouble, Arbitraries.of(true, false).injectNull(0.3))
                .as(FineTuneSettings::new).injectNull(0.3);
        Arbitrary<TrainingSettings> options = Combinators.combine(optionalInt, optionalDouble, optionalDouble, optionalDouble, text,
                augmentation, optionalDouble, optionalInt).as((b, lr, wd, ls, s, a, v, l) -> new TrainingSettings(b, lr, wd, ls, s, a, v, l, null, null))
                .flatMap(o -> Combinators.combine(optionalInt, fineTune).as((p, f) -> new TrainingSettings(o.batchSize(), o.learningRate(),
                        o.weightDecay(), o.labelSmoothing(), o.schedule(), o.augmentation(), o.validationSplit(), o.limit(), p, f)))
                .injectNull(0.2);
        Arbitrary<ParentModel> parent = Combinators.combine(text, text, text, Arbitraries.of(ModelSource.class).injectNull(0.3))
                .as(ParentModel::new).injectNull(0.3);
        Arbitrary<TrainingEngine> engine = Combinators.combine(text, text, text).as(TrainingEngine::new).injectNull(0.3);
        Arbitrary<TrainingProvenance> training = Combinators.combine(Arbitraries.of(ModelSource.class), parent, text,
                Arbitraries.longs().injectNull(0.3), optionalInt, optionalInt, Arbitraries.of(true, false).injectNull(0.3), options)
                .as((s, p, f, seed, e, b, stopped, o) -> new TrainingProvenance(s, p, f, seed, e, b, stopped, o, null))
                .flatMap(t -> engine.map(g -> new TrainingProvenance(t.source(), t.parent(), t.dataFingerprint(), t.seed(), t.epochs(),
                        t.bestEpoch(), t.stoppedEarly(), t.options(), g)))
                .injectNull(0.2);
        Arbitrary<TemperatureScaling> calibration = Combinators.combine(Arbitraries.doubles().between(1e-6, 100).ofScale(9), optionalDouble, optionalDouble)
                .as(TemperatureScaling::new).injectNull(0.3);
        // -0.0 is left out: the card's writer puts whole metrics as integers, so -0.0 comes back as 0.0 whoever reads it
        Arbitrary<Double> metric = Arbitraries.oneOf(anyDouble(), Arbitraries.longs().between(-1_000_000, 1_000_000).map(Long::doubleValue))
                .map(v -> v == 0 ? 0.0 : v);
        Arbitrary<Map<String, Double>> metrics = Arbitraries.maps(Arbitraries.strings().ofMaxLength(8), metric).ofMaxSize(5);
        Arbitrary<List<String>> classNames = Arbitraries.strings().ofMaxLength(5).list().ofMaxSize(12);
        return Combinators.combine(details, input, classNames, training, metrics, calibration).as(ModelCard::new);
    }

    @Property(tries = 50)
    void classNamesWithAnyTextAreKept(@ForAll @Size(max = 20) List<String> names) throws IOException {
        ModelCard card = ModelCard.builder().name("n").classNames(names).build();
        JsonNode tree = MAPPER.readTree(ModelCards.toJson(card));
        assertThat(PlainCardReader.read(tree)).isEqualTo(bound(tree)).isEqualTo(card);
    }
}
