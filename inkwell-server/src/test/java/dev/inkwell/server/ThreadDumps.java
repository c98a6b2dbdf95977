package dev.inkwell.server;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** A dump of every thread, virtual ones included, for a test that timed out waiting. */
final class ThreadDumps {
    private ThreadDumps() {
    }

    /** Writes the dump under target/ and returns its path. */
    static String write() {
        try {
            Path file = Path.of("target", "thread-dump-" + System.nanoTime() + ".json").toAbsolutePath();
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).dumpThreads(file.toString(),
                    HotSpotDiagnosticMXBean.ThreadDumpFormat.JSON);
            return file.toString();
        } catch (IOException | RuntimeException e) {
            return "(no thread dump: " + e + ")";
        }
    }
}
