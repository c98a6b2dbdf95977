package dev.inkwell.s3api;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The S3 clients users have, run as programs: Python with boto3 and the {@code aws} CLI (on CI from Debian's
 * python3-boto3 and awscli, see .ci/apt-packages). Missing ones fail the test with what to install: a test that
 * claims a client works must not pass without it.
 */
final class ExternalClients {
    private ExternalClients() {
    }

    /** What a program printed and how it ended. */
    record Run(int exit, String out, String err) {
        Run ok() {
            if (exit != 0) fail("exit " + exit + "\nstdout: " + out + "\nstderr: " + err);
            return this;
        }
    }

    /** A Python that can import boto3: python3, else /usr/bin/python3. */
    static String pythonWithBoto3() {
        for (String python : List.of("python3", "/usr/bin/python3")) {
            if (works(List.of(python, "-c", "import boto3"))) return python;
        }
        return fail("no Python with boto3 found (tried python3, /usr/bin/python3): install boto3 (Debian: python3-boto3)");
    }

    /** The aws CLI: aws on the PATH, else /usr/bin/aws. */
    static String awsCli() {
        for (String aws : List.of("aws", "/usr/bin/aws")) {
            if (works(List.of(aws, "--version"))) return aws;
        }
        return fail("no aws CLI found (tried aws, /usr/bin/aws): install it (Debian: awscli)");
    }

    private static boolean works(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Runs a command with an environment of its own: AWS settings only from {@code env} (no user config, no
     * instance metadata), HOME in {@code home}.
     */
    static Run run(List<String> command, Map<String, String> env, Path home) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command));
        Map<String, String> e = pb.environment();
        e.keySet().removeIf(k -> k.startsWith("AWS_"));
        e.put("HOME", home.toString());
        e.put("AWS_CONFIG_FILE", home.resolve("no-config").toString());
        e.put("AWS_SHARED_CREDENTIALS_FILE", home.resolve("no-credentials").toString());
        e.put("AWS_EC2_METADATA_DISABLED", "true");
        e.put("AWS_DEFAULT_REGION", "us-east-1");
        e.put("AWS_PAGER", "");
        e.putAll(env);
        Path out = Files.createTempFile(home, "out", ".txt");
        Path err = Files.createTempFile(home, "err", ".txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("timed out: " + command);
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }
}
