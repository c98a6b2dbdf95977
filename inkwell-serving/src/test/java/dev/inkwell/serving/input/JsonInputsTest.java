package dev.inkwell.serving.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.inkwell.core.InputTooLargeException;
import dev.inkwell.core.InvalidInputException;
import dev.inkwell.testing.SharedData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class JsonInputsTest {
    private static final PixelShape MNIST = new PixelShape(28, 28);

    private static List<PredictInput> parse(String json) {
        return JsonInputs.parse(json.getBytes(StandardCharsets.UTF_8), MNIST, 8).inputs();
    }

    @Test
    void readsTheSharedKaggleRowAsModelPixels() throws Exception {
        List<PredictInput> inputs = JsonInputs.parse(Files.readAllBytes(SharedData.kaggleRow()), MNIST, 8).inputs();
        assertThat(inputs).singleElement().isInstanceOf(PredictInput.ModelPixels.class);
        PredictInput.ModelPixels px = (PredictInput.ModelPixels) inputs.getFirst();
        var row = new ObjectMapper().readTree(SharedData.kaggleRow().toFile());
        assertThat(px.image().pixels()[400]).isEqualTo((float) row.get("pixel400").asDouble());
        assertThat(px.image().width()).isEqualTo(28);
    }

    @Test
    void readsBase64InEveryFieldAndEncoding() {
        byte[] bytes = {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3, (byte) 0xfb, (byte) 0xff};
        String std = Base64.getEncoder().encodeToString(bytes);
        String url = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        for (String json : List.of("{\"image\":\"" + std + "\"}", "{\"image_data\":\"" + url + "\",\"s3_bucket\":\"b\"}",
                "{\"body\":{\"image_data\":\"" + std + "\",\"inferences\":[]}}", "{\"data\":\"data:image/png;base64," + std + "\"}",
                "[\"" + std + "\"]")) {
            assertThat(parse(json)).singleElement().satisfies(in ->
                    assertThat(((PredictInput.EncodedImage) in).bytes()).isEqualTo(bytes));
        }
    }

    @Test
    void readsUrlsPixelArraysRowsAndBatches() {
        assertThat(parse("{\"data\":\"https://example.com/7.png\"}")).singleElement()
                .isEqualTo(new PredictInput.ImageUrl("https://example.com/7.png", "$.data"));
        String flat = IntStream.range(0, 784).mapToObj(i -> Integer.toString(i % 256)).collect(Collectors.joining(","));
        String rows = IntStream.range(0, 28).mapToObj(y -> "[" + IntStream.range(0, 28).mapToObj(x -> "0").collect(Collectors.joining(",")) + "]")
                .collect(Collectors.joining(","));
        assertThat(parse("{\"pixels\":[" + flat + "]}")).singleElement().isInstanceOf(PredictInput.ModelPixels.class);
        assertThat(parse("[" + flat + "]")).hasSize(1);
        assertThat(parse("{\"pixels\":[" + rows + "]}")).hasSize(1);
        assertThat(parse("[{\"pixels\":[" + flat + "]},{\"image\":\"AAAA\"},{\"data\":\"https://x.org/a.png\"}]")).hasSize(3);
        assertThat(parse("{\"instances\":[{\"pixels\":[" + flat + "]},{\"pixels\":[" + flat + "]}]}")).hasSize(2);
        PredictInput.ModelPixels px = (PredictInput.ModelPixels) parse("{\"pixels\":[" + flat + "]}").getFirst();
        assertThat(px.image().pixels()[300]).isEqualTo(300 % 256);
    }

    @Test
    void namesTheProblemInBadInput() {
        assertThatThrownBy(() -> parse("{\"image\": 12}")).isInstanceOf(InvalidInputException.class).hasMessageContaining("$.image must be a base64 string");
        assertThatThrownBy(() -> parse("{\"image\": \"***\"}")).hasMessageContaining("not valid base64");
        assertThatThrownBy(() -> parse("{\"pixels\": [1,2,3]}")).hasMessageContaining("holds 3 values: expected 784");
        assertThatThrownBy(() -> parse("{\"pixel0\": 1}")).hasMessageContaining("lacks pixel1");
        assertThatThrownBy(() -> parse("{\"pixel0\": 1, \"pixel900\": 3}")).hasMessageContaining("unexpected key 'pixel900'");
        assertThatThrownBy(() -> parse("{\"foo\": 1}")).hasMessageContaining("has none of image, image_data, data, pixels");
        assertThatThrownBy(() -> parse("{\"image\": ")).isInstanceOf(InvalidInputException.class).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> parse("[]")).hasMessageContaining("batch is empty");
        assertThatThrownBy(() -> parse("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> parse("[" + "[".repeat(500) + "]".repeat(501))).isInstanceOf(InvalidInputException.class);
        String bad = IntStream.range(0, 784).mapToObj(i -> i == 99 ? "300" : "0").collect(Collectors.joining(","));
        assertThatThrownBy(() -> parse("{\"pixels\":[" + bad + "]}")).hasMessageContaining("$.pixels[99] is 300.0: expected a number from 0 to 255");
    }

    @Test
    void refusesBatchesOverTheCapWith413() {
        String many = IntStream.range(0, 9).mapToObj(i -> "{\"image\":\"AAAA\"}").collect(Collectors.joining(",", "[", "]"));
        assertThatThrownBy(() -> parse(many)).isInstanceOf(InputTooLargeException.class);
    }

    @Property(tries = 300)
    void anyBytesEitherParseOrFailAsInvalidInput(@ForAll("jsonish") String text) {
        try {
            List<PredictInput> inputs = parse(text);
            assertThat(inputs).isNotEmpty();
        } catch (InvalidInputException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @Provide
    Arbitrary<String> jsonish() {
        Arbitrary<String> fragments = Arbitraries.of("{", "}", "[", "]", ",", ":", "\"image\"", "\"pixels\"", "\"pixel0\"",
                "\"data\"", "\"AAAA\"", "1", "-1", "256", "1e999", "null", "true", "\"", "\\u0000", " ");
        return fragments.list().ofMaxSize(40).map(l -> String.join("", l));
    }
}
