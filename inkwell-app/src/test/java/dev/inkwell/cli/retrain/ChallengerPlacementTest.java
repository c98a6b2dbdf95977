package dev.inkwell.cli.retrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.inkwell.core.InvalidInputException;
import dev.inkwell.registry.endpoint.CaptureSettings;
import dev.inkwell.registry.endpoint.EndpointDefinition;
import dev.inkwell.registry.endpoint.Shadow;
import dev.inkwell.registry.endpoint.Variant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChallengerPlacementTest {
    private static final EndpointDefinition TWO = new EndpointDefinition("web", List.of(Variant.parse("a=mnist:3"), Variant.parse("b=mnist-compact:1")),
            Shadow.parse("s=mnist:10%"), new CaptureSettings(5, null), false);

    @Test
    void theChallengerGetsItsShareAndTheOthersKeepTheirProportions() {
        EndpointDefinition d = ChallengerPlacement.place(TWO, "retrained", "registry:digits:4", 10);
        assertThat(d.variants()).extracting(Variant::name).containsExactly("a", "b", "retrained");
        assertThat(d.variants()).extracting(Variant::weight).containsExactly(675, 225, 100);
        assertThat(d.shadow()).isEqualTo(TWO.shadow());
        assertThat(d.capture()).isEqualTo(TWO.capture());
        assertThat(ChallengerPlacement.champion(TWO, "retrained").name()).isEqualTo("a");
        // a second retrain replaces the challenger and starts from the same champion
        EndpointDefinition again = ChallengerPlacement.place(d, "retrained", "registry:digits:5", 20);
        assertThat(again.variants()).extracting(Variant::weight).containsExactly(600, 200, 200);
        assertThat(again.variants().getLast().model()).isEqualTo("registry:digits:5");
        assertThat(ChallengerPlacement.champion(again, "retrained").name()).isEqualTo("a");
    }

    @Test
    void impossiblePlacementsAreRefused() {
        assertThatThrownBy(() -> ChallengerPlacement.place(TWO, "retrained", "mnist", 0)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("challenger share 0.0 %");
        assertThatThrownBy(() -> ChallengerPlacement.place(TWO, "retrained", "mnist", 100)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> ChallengerPlacement.place(TWO, "s", "mnist", 10)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("shadow named s");
        EndpointDefinition onlyChallenger = EndpointDefinition.single("web", "mnist");
        assertThatThrownBy(() -> ChallengerPlacement.champion(onlyChallenger, "main")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("nothing to retrain from");
    }
}
