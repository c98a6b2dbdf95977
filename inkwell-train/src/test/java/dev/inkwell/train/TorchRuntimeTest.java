package dev.inkwell.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.inkwell.core.InkwellException;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TorchRuntimeTest {

    /** Run in a child JVM by the test below: loads the engine and prints the outcome. */
    public static void main(String[] args) {
        try {
            System.out.println("loaded " + TorchRuntime.engine().getVersion());
        } catch (InkwellException e) {
            System.out.println("error: " + e.getMessage());
        }
    }

    @Test
    void loadsTheBundledNativesOffline() {
        assertThat(TorchRuntime.engine().getVersion()).isEqualTo("2.7.1");
        assertThat(System.getProperty("ai.djl.offline")).isEqualTo("true");
        assertThat(TorchRuntime.device().isGpu()).isEqualTo(TorchRuntime.engine().getGpuCount() > 0);
    }

    @Test
    void missingNativesGiveOneClearLineInsteadOfADownload(@TempDir Path emptyCache) throws Exception {
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.contains("pytorch-native-cpu"))
                .collect(Collectors.joining(File.pathSeparator));
        ProcessBuilder child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classPath, TorchRuntimeTest.class.getName())
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        // an empty cache: natives extracted by earlier runs must not count as present
        child.environment().put("DJL_CACHE_DIR", emptyCache.toString());
        child.environment().remove("PYTORCH_LIBRARY_PATH");
        Process p = child.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(out).contains("error: cannot load the PyTorch engine (offline").contains("pytorch-native-cpu");
    }
}
