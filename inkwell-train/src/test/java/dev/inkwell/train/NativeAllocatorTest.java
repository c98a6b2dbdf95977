package dev.inkwell.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Each case runs in a child JVM: mallopt changes the whole process, and the environment decides what happens. */
class NativeAllocatorTest {

    /** Run in a child JVM by the tests below: tunes malloc and prints whether it did. */
    public static void main(String[] args) {
        System.out.println("tuned " + NativeAllocator.tuneForTraining());
    }

    @Test
    void tunesGlibcMallocOnLinux() throws Exception {
        // training only runs on Linux (the bundled natives are linux-x86_64), where the C library is glibc
        assertThat(runChild(Map.of())).isEqualTo("tuned true");
    }

    @Test
    void theUsersMallocSettingsWin() throws Exception {
        assertThat(runChild(Map.of("MALLOC_TRIM_THRESHOLD_", "131072"))).isEqualTo("tuned false");
    }

    @Test
    void canBeTurnedOff() throws Exception {
        assertThat(runChild(Map.of("INKWELL_MALLOC_TUNING", "off"))).isEqualTo("tuned false");
    }

    private static String runChild(Map<String, String> env) throws Exception {
        ProcessBuilder child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), NativeAllocatorTest.class.getName())
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        child.environment().keySet().removeIf(name -> name.startsWith("MALLOC_") || name.equals("INKWELL_MALLOC_TUNING"));
        child.environment().putAll(env);
        Process p = child.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out;
    }
}
