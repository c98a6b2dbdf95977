package dev.inkwell.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which runs train the launcher's start-up cache for their command (see {@code StartupCacheTraining}). */
class MainTest {
    @Test
    void aSuccessfulRunOfACommandTrainsItsCache() {
        assertThat(Main.trainsItsCommand(new String[] {"predict", "7.png"}, 0)).isTrue();
        assertThat(Main.trainsItsCommand(new String[] {"--version"}, 0)).isTrue();
        assertThat(Main.trainsItsCommand(new String[] {"registry", "models", "list"}, 0)).isTrue();
    }

    @Test
    void failuresHelpAndServeDoNot() {
        assertThat(Main.trainsItsCommand(new String[] {"predict", "7.png"}, 1)).isFalse();
        assertThat(Main.trainsItsCommand(new String[] {"predict", "--bogus"}, 2)).isFalse();
        assertThat(Main.trainsItsCommand(new String[] {"predict", "--help"}, 0)).isFalse();
        assertThat(Main.trainsItsCommand(new String[] {"registry", "models", "-h"}, 0)).isFalse();
        // a server says so itself once warm; it returns 0 for its help only
        assertThat(Main.trainsItsCommand(new String[] {"serve", "--help"}, 0)).isFalse();
        assertThat(Main.trainsItsCommand(new String[] {"serve"}, 0)).isFalse();
        assertThat(Main.trainsItsCommand(new String[0], 0)).isFalse();
    }
}
