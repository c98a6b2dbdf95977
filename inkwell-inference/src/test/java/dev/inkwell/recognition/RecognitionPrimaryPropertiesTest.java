package dev.inkwell.recognition;

import static org.assertj.core.api.Assertions.assertThat;

import dev.inkwell.inference.Classification;
import dev.inkwell.preprocess.Box;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The primary reading is found by a loop over the digits' positions (no record {@code equals}, whose method handles
 * a serving start would otherwise spin): it picks what the comparator it replaced picked, ties included.
 */
class RecognitionPrimaryPropertiesTest {

    @Property
    void primaryIsWhatTheComparatorPicked(@ForAll("readings") List<DigitReading> digits) {
        Recognition r = new Recognition(digits, "x".repeat(digits.size()), null, new Timings(1, 2));
        DigitReading reference = digits.stream().max(Comparator
                        .comparingLong((DigitReading d) -> (long) d.box().width() * d.box().height())
                        .thenComparingDouble(d -> d.classification().probability()))
                .orElseThrow();
        assertThat(r.primary()).isSameAs(reference);
        assertThat(r.digits().get(r.primaryIndex())).isSameAs(reference);
    }

    @Property
    void equalReadingsGiveTheFirstPosition(@ForAll("readings") List<DigitReading> digits) {
        List<DigitReading> twice = new ArrayList<>(digits);
        twice.addAll(digits); // every reading twice, the same objects: record equality cannot tell the copies apart
        Recognition r = new Recognition(twice, "x".repeat(twice.size()), null, new Timings(1, 2));
        assertThat(r.primaryIndex()).isLessThan(digits.size());
    }

    @Provide
    Arbitrary<List<DigitReading>> readings() {
        // small ranges, so that equal areas and equal probabilities (ties) are common; NaN among the probabilities
        Arbitrary<Box> boxes = Combinators.combine(Arbitraries.integers().between(1, 4), Arbitraries.integers().between(1, 4))
                .as((w, h) -> new Box(0, 0, w, h));
        Arbitrary<Float> probabilities = Arbitraries.oneOf(Arbitraries.of(0.25f, 0.5f, 0.75f, 1f, Float.NaN, -0f, 0f));
        Arbitrary<DigitReading> reading = Combinators.combine(boxes, probabilities)
                .as((box, p) -> new DigitReading(box, null, new Classification(0, "0", p, new float[0], List.of())));
        return reading.list().ofMinSize(1).ofMaxSize(6);
    }
}
