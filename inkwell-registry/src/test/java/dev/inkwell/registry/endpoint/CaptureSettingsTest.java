package dev.inkwell.registry.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.inkwell.core.InvalidInputException;
import dev.inkwell.core.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Capture settings: shares per endpoint and per variant, destinations, what the command line and stored JSON say. */
class CaptureSettingsTest {
    @Test
    void aVariantsOwnShareWinsOverTheEndpoints() {
        CaptureSettings c = CaptureSettings.parse(List.of("10", "shadow=100", "b=0%"), "s3://captures/web");
        assertThat(c.percentFor("a")).isEqualTo(10.0);
        assertThat(c.percentFor("shadow")).isEqualTo(100.0);
        assertThat(c.percentFor("b")).isZero();
        assertThat(c.enabled()).isTrue();
        assertThat(c.bucket()).isEqualTo("captures");
        assertThat(c.prefix()).isEqualTo("web/");
        assertThat(c.describe()).isEqualTo("10 % (b 0 %, shadow 100 %)");
        assertThat(CaptureSettings.parse(List.of("c=5"), null).enabled()).as("only a variant captures").isTrue();
        assertThat(CaptureSettings.parse(List.of(), null)).isEqualTo(CaptureSettings.OFF);
    }

    @Test
    void storedJsonReadsBackAndOlderJsonWithoutVariantsToo() throws Exception {
        CaptureSettings c = new CaptureSettings(2.5, "s3://captures/x/", Map.of("b", 50.0));
        String json = Json.mapper().writeValueAsString(c);
        assertThat(Json.mapper().readValue(json, CaptureSettings.class)).isEqualTo(c);
        CaptureSettings older = Json.mapper().readValue("{\"percent\":5.0,\"destination\":\"s3://captures/\"}", CaptureSettings.class);
        assertThat(older).isEqualTo(new CaptureSettings(5, null));
        assertThat(older.variants()).isEmpty();
    }

    @Test
    void malformedSharesAndDestinationsAreRefusedByName() {
        assertThatThrownBy(() -> CaptureSettings.parse(List.of("ten"), null)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("capture 'ten': expected PERCENT");
        assertThatThrownBy(() -> CaptureSettings.parse(List.of("b=-1"), null)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> CaptureSettings.parse(List.of("a/b=1"), null)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("variant name");
        assertThatThrownBy(() -> new CaptureSettings(100.5, null)).isInstanceOf(InvalidInputException.class).hasMessageContaining("0 to 100");
        assertThatThrownBy(() -> new CaptureSettings(Double.NaN, null)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> new CaptureSettings(1, null, Map.of("b", 1e9))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("capture of variant b");
        for (String bad : List.of("captures", "file:///etc", "s3://UPPER/x", "s3://a/x y", "s3://../x")) {
            assertThatThrownBy(() -> new CaptureSettings(1, bad)).as(bad).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("expected s3://BUCKET/PREFIX");
        }
        assertThatThrownBy(() -> new EndpointDefinition("e", List.of(Variant.parse("a=mnist")), null,
                new CaptureSettings(1, null, Map.of("z", 5.0)), false)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("capture names variant z");
        EndpointDefinition withShadow = new EndpointDefinition("e", List.of(Variant.parse("a=mnist")), Shadow.parse("s=mnist-compact:10%"),
                new CaptureSettings(0, null, Map.of("s", 100.0)), false);
        assertThat(withShadow.capture().percentFor("s")).isEqualTo(100.0);
    }
}
