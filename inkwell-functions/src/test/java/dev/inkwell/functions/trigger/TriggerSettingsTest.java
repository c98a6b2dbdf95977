package dev.inkwell.functions.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TriggerSettingsTest {
    @Test
    void theProcessNameSaysHostAndPidAndDiffersBetweenProcessesOfOneHostAndPid() {
        String name = TriggerSettings.processName();
        assertThat(name).matches("[^/\\s]+/" + ProcessHandle.current().pid() + "/[0-9a-f]{8}");
        // a restarted container can reuse host name and pid: the random part tells the two lease owners apart
        Set<String> names = new HashSet<>();
        for (int i = 0; i < 50; i++) names.add(TriggerSettings.processName());
        assertThat(names).hasSize(50);
    }

    @Test
    void defaultsNameThisProcessAsTheOwner() {
        assertThat(TriggerSettings.defaults().owner()).contains("/" + ProcessHandle.current().pid() + "/");
    }
}
