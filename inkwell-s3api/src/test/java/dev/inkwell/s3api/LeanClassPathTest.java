package dev.inkwell.s3api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replica that uses buckets but not the S3 API loads nothing of S3Proxy (nor the Guava and Jackson 3 it brings):
 * checked in a fresh JVM with S3Proxy on its class path, by the JVM's own class-loading log.
 */
class LeanClassPathTest {
    private static final List<String> S3_API_ONLY = List.of("org.gaul.", "com.google.common.", "tools.jackson.", "com.ctc.wstx.", "dev.inkwell.s3api.S3ApiServer");

    @TempDir
    Path temp;

    private ExternalClients.Run probe(String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xlog:class+load=info", "-Dlogback.configurationFile=none",
                "-cp", System.getProperty("java.class.path"), ClassLoadProbe.class.getName()));
        command.addAll(List.of(args));
        return ExternalClients.run(command, Map.of(), temp).ok();
    }

    private static List<String> loaded(String log, List<String> prefixes) {
        return log.lines().filter(l -> l.contains("[class,load]"))
                .map(l -> l.replaceAll(".*\\[class,load\\] (\\S+).*", "$1"))
                .filter(c -> prefixes.stream().anyMatch(c::startsWith)).toList();
    }

    @Test
    void bucketsAloneLoadNothingOfTheS3Api() throws Exception {
        ExternalClients.Run run = probe();
        assertThat(run.out()).contains("probe done");
        assertThat(loaded(run.out(), List.of("dev.inkwell.bucket."))).isNotEmpty();
        assertThat(loaded(run.out(), S3_API_ONLY)).isEmpty();
    }

    @Test
    void startingTheS3ApiLoadsIt() throws Exception {
        ExternalClients.Run run = probe("s3-api");
        assertThat(run.out()).contains("S3 API started in").contains("probe done");
        assertThat(loaded(run.out(), List.of("org.gaul."))).isNotEmpty();
        System.err.println(run.out().lines().filter(l -> l.startsWith("S3 API started")).findFirst().orElse("") + " (fresh JVM)");
        assertThat(System.getProperty("java.class.path")).contains("s3proxy" + File.separator).as("S3Proxy is on this class path");
    }
}
