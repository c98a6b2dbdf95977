package dev.inkwell.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JVM flags {@code ./inkwell} chooses for {@code serve --footprint}: the launcher itself runs, with {@code -version}
 * added to its JVM options so that the JVM prints its flags and properties and exits before it would open the jar.
 */
class LauncherFootprintTest {
    private static final Path LAUNCHER = Path.of("..", "inkwell").toAbsolutePath().normalize();

    @TempDir
    Path home;

    private String jvmSettings(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", LAUNCHER.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("INKWELL_SKIP_BUILD", "1");
        pb.environment().put("INKWELL_HOME", home.toString()); // a new home: no start-up cache is made or used
        pb.environment().put("INKWELL_JAVA_OPTS", "-XX:+PrintCommandLineFlags -XshowSettings:properties -version");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    @Test
    void smallFootprintRunsTheClientCompilerOnly() throws Exception {
        assertThat(Files.isRegularFile(LAUNCHER)).isTrue();
        for (String[] args : new String[][] {{"serve", "--footprint", "small"}, {"serve", "--footprint=SMALL"},
                {"serve", "--port", "0", "--footprint", "Small"}, {"serve", "--footprint", "fast", "--footprint", "small"}}) {
            String settings = jvmSettings(args);
            assertThat(settings).as(String.join(" ", args)).contains("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")
                    .containsPattern("inkwell\\.footprint = small");
        }
    }

    @Test
    void leanFootprintRunsTheOptimisingCompilerOnly() throws Exception {
        for (String[] args : new String[][] {{"serve", "--footprint", "lean"}, {"serve", "--footprint=LEAN"},
                {"serve", "--footprint", "small", "--footprint", "Lean"}}) {
            String settings = jvmSettings(args);
            assertThat(settings).as(String.join(" ", args)).contains("-XX:-TieredCompilation", "-XX:+UseSerialGC")
                    .doesNotContain("TieredStopAtLevel").containsPattern("inkwell\\.footprint = lean");
        }
    }

    @Test
    void otherwiseTieredCompilationStays() throws Exception {
        for (String[] args : new String[][] {{"serve"}, {"serve", "--footprint", "fast"}, {"serve", "--footprint", "small", "--footprint", "fast"},
                {"serve", "--model", "small"}, {"serve", "--model", "lean"}, {"predict", "--footprint", "small"}}) {
            String settings = jvmSettings(args);
            assertThat(settings).as(String.join(" ", args)).doesNotContain("TieredStopAtLevel").doesNotContain("TieredCompilation")
                    .doesNotContain("inkwell.footprint");
        }
    }
}
