package dev.inkwell.serving.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.inkwell.core.InputTooLargeException;
import dev.inkwell.core.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class CsvInputsTest {
    private static final PixelShape MNIST = new PixelShape(28, 28);

    private static List<PredictInput> parse(String csv) {
        return CsvInputs.parse(csv.getBytes(StandardCharsets.UTF_8), MNIST, 4).inputs();
    }

    private static String row(int fill) {
        return IntStream.range(0, 784).mapToObj(i -> Integer.toString((i * fill) % 256)).collect(Collectors.joining(","));
    }

    @Test
    void readsSageMakerRowsAndKaggleHeaders() {
        assertThat(parse(row(1) + "\n" + row(3) + "\r\n\n")).hasSize(2);
        String header = "label," + IntStream.range(0, 784).mapToObj(i -> "pixel" + i).collect(Collectors.joining(","));
        List<PredictInput> withHeader = parse(header + "\n7," + row(1) + "\n");
        assertThat(withHeader).singleElement().satisfies(in ->
                assertThat(((PredictInput.ModelPixels) in).image().pixels()[255]).isEqualTo(255f));
        assertThat(((PredictInput.ModelPixels) parse(row(1)).getFirst()).image().pixels()[783]).isEqualTo(783 % 256);
    }

    @Test
    void namesLineAndColumnOfBadValues() {
        String bad = row(1).replaceFirst("^0,1,2,", "0,1,x,");
        assertThatThrownBy(() -> parse(row(1) + "\n" + bad)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("line 2, column 3").hasMessageContaining("value 3 is 'x'");
        assertThatThrownBy(() -> parse("1,2,3")).hasMessageContaining("line 1").hasMessageContaining("holds 3 values: expected 784");
        assertThatThrownBy(() -> parse("\n\n")).hasMessageContaining("no rows");
        assertThatThrownBy(() -> parse("label,foo\n1,2")).hasMessageContaining("header column 'foo'");
        assertThatThrownBy(() -> CsvInputs.parse(new byte[] {(byte) 0xff, (byte) 0xfe}, MNIST, 4)).hasMessageContaining("not UTF-8");
        assertThatThrownBy(() -> parse(String.join("\n", row(1), row(1), row(1), row(1), row(1))))
                .isInstanceOf(InputTooLargeException.class).hasMessageContaining("at most 4");
    }

    @Property(tries = 100)
    void validRowsRoundTrip(@ForAll @Size(784) List<@IntRange(min = 0, max = 255) Integer> values) {
        String csv = values.stream().map(String::valueOf).collect(Collectors.joining(","));
        float[] pixels = ((PredictInput.ModelPixels) parse(csv).getFirst()).image().pixels();
        for (int i = 0; i < 784; i++) assertThat(pixels[i]).isEqualTo(values.get(i).floatValue());
    }

    @Property(tries = 200)
    void truncatedRowsFailWithALineNumber(@ForAll @IntRange(min = 0, max = 5000) int cut) {
        String csv = row(7);
        String truncated = csv.substring(0, Math.min(cut, csv.lastIndexOf(',') + 1)); // never a whole row
        try {
            parse(truncated);
        } catch (InvalidInputException e) {
            assertThat(e.getMessage()).startsWith("request body");
            return;
        }
        throw new AssertionError("a truncated row was accepted");
    }
}
