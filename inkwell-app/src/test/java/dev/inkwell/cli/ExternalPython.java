package dev.inkwell.cli;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Python with boto3, as users have it (Debian: python3-boto3, in .ci/apt-packages); missing, the test fails saying so. */
final class ExternalPython {
    private ExternalPython() {
    }

    static String withBoto3() {
        for (String python : List.of("python3", "/usr/bin/python3")) {
            try {
                Process p = new ProcessBuilder(python, "-c", "import boto3").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0) return python;
            } catch (IOException e) {
                // try the next
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return fail("no Python with boto3 found (tried python3, /usr/bin/python3): install boto3 (Debian: python3-boto3)");
    }

    /**
     * Python with boto3, Pillow and NumPy, as seed 001's handler needs (Debian: python3-boto3, python3-pil,
     * python3-numpy); missing, the test fails saying so.
     */
    static String withBoto3PilAndNumpy() {
        for (String python : List.of("python3", "/usr/bin/python3")) {
            try {
                Process p = new ProcessBuilder(python, "-c", "import boto3, PIL.Image, numpy").redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0) return python;
            } catch (IOException e) {
                // try the next
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return fail("no Python with boto3, Pillow and NumPy found (tried python3, /usr/bin/python3): install them "
                + "(Debian: python3-boto3, python3-pil, python3-numpy)");
    }
}
