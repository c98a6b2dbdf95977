package dev.inkwell.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.inkwell.core.StartupCacheTraining;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher keeps a command's start-up cache only when the run that made it went well: the real {@code ./inkwell},
 * copied beside a copy of the built jar (its libraries linked) so that its caches go to a folder of the test's own.
 * A run trains when the JVM gets the {@code inkwell.startup-cache.training} property, which
 * {@code -XshowSettings:properties} prints.
 */
class LauncherStartupCacheIT {
    private static final Path PROJECT = Path.of("..").toAbsolutePath().normalize();
    private static final String TRAINING = "inkwell.startup-cache.training = ";

    @TempDir
    Path tree;
    @TempDir
    Path home;

    private Path caches;

    @BeforeEach
    void copyTheLauncherAndTheJar() throws IOException {
        Path target = Files.createDirectories(tree.resolve("inkwell-app/target"));
        Files.copy(PROJECT.resolve("inkwell"), tree.resolve("inkwell"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.copy(PROJECT.resolve("inkwell-app/target/inkwell.jar"), target.resolve("inkwell.jar"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.createSymbolicLink(target.resolve("lib"), PROJECT.resolve("inkwell-app/target/lib"));
        Files.createDirectories(home.resolve("cache")); // not a new home: its runs make caches
        caches = target.resolve("cds");
    }

    private record Run(int exit, String output) {
        boolean trained() {
            return output.contains(TRAINING);
        }
    }

    private Run launch(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", tree.resolve("inkwell").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("INKWELL_SKIP_BUILD", "1");
        pb.environment().put("INKWELL_HOME", home.toString());
        pb.environment().put("INKWELL_JAVA_OPTS", "-XshowSettings:properties");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out);
    }

    /** The cache files (AOT caches on JDK 25+, AppCDS archives before) of {@code command}, markers included. */
    private List<String> cachesOf(String command) throws IOException {
        try (Stream<Path> files = Files.list(caches)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith(command + "-")).sorted().toList();
        }
    }

    private static boolean marked(List<String> files) {
        return files.stream().anyMatch(n -> n.endsWith(StartupCacheTraining.MARKER_SUFFIX));
    }

    @Test
    void aCacheFromARunThatFailedIsMadeAgainByTheNextRun() throws Exception {
        Run mistyped = launch("serve", "--bogus");
        assertThat(mistyped.exit()).as(mistyped.output()).isEqualTo(2);
        assertThat(mistyped.trained()).as(mistyped.output()).isTrue();
        List<String> made = cachesOf("serve");
        assertThat(made).as("the JVM writes the cache at any exit").hasSize(1);
        assertThat(marked(made)).isFalse();

        Run again = launch("serve", "--bogus");
        assertThat(again.trained()).as("an unmarked cache is not used: this run trains again").isTrue();
        assertThat(marked(cachesOf("serve"))).isFalse();
    }

    @Test
    void aCacheFromARunThatWentWellIsUsed() throws Exception {
        Run first = launch("--version");
        assertThat(first.exit()).as(first.output()).isZero();
        assertThat(first.trained()).isTrue();
        List<String> made = cachesOf("__version");
        assertThat(made).hasSize(2).anyMatch(n -> n.endsWith(StartupCacheTraining.MARKER_SUFFIX));

        Run second = launch("--version");
        assertThat(second.exit()).as(second.output()).isZero();
        assertThat(second.trained()).as("the marked cache is used, not made again").isFalse();
        assertThat(cachesOf("__version")).isEqualTo(made);

        Run help = launch("predict", "--help");
        assertThat(help.exit()).isZero();
        assertThat(marked(cachesOf("predict"))).as("help loads the help's classes only").isFalse();
    }
}
