package dev.inkwell.cli;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** {@code inkwell serve} as its own process (a JVM on this test's class path): started, probed, stopped or killed with SIGKILL. */
final class ServeProcess implements AutoCloseable {
    static final String ACCESS = "AKIAINKWELLTRIGGERS1";
    static final String SECRET = "triggers/end-to-end/secret";

    final int httpPort;
    final int s3Port;
    final Path log;
    private final Process process;

    private ServeProcess(Process process, int httpPort, int s3Port, Path log) {
        this.process = process;
        this.httpPort = httpPort;
        this.s3Port = s3Port;
        this.log = log;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Starts {@code serve --port … --s3-port …} with {@code args}, and waits until it is ready. */
    static ServeProcess start(Path home, Path log, List<String> args) throws Exception {
        return start(home, log, args, Map.of());
    }

    /** As above, with {@code environment} added to the process's (INKWELL_API_KEY, …). */
    static ServeProcess start(Path home, Path log, List<String> args, Map<String, String> environment) throws Exception {
        int s3 = freePort();
        List<String> all = new ArrayList<>(List.of("--s3-port", Integer.toString(s3)));
        all.addAll(args);
        Map<String, String> env = new HashMap<>(Map.of("INKWELL_S3_ACCESS_KEY", ACCESS, "INKWELL_S3_SECRET_KEY", SECRET));
        env.putAll(environment);
        ServeProcess p = spawn(home, log, s3, all, env);
        p.awaitReady();
        return p;
    }

    /** Starts {@code serve --port …} with {@code args} and returns at once, before it is ready. */
    static ServeProcess launch(Path home, Path log, List<String> args) throws IOException {
        return spawn(home, log, -1, args, Map.of());
    }

    private static ServeProcess spawn(Path home, Path log, int s3, List<String> args, Map<String, String> environment) throws IOException {
        int http = freePort();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve", "--port", Integer.toString(http)));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> env = pb.environment();
        env.put("INKWELL_HOME", home.toString());
        env.remove("INKWELL_STORE");
        env.remove("INKWELL_BUCKETS");
        env.putAll(environment);
        return new ServeProcess(pb.start(), http, s3, log);
    }

    /** Waits until the log holds {@code text}; fails when the process exits first or after 120 s. */
    void awaitLog(String text) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.readString(log).contains(text)) return;
            if (!process.isAlive()) throw new AssertionError("serve exited with " + process.exitValue() + " before logging '" + text + "':\n" + Files.readString(log));
            Thread.sleep(50);
        }
        throw new AssertionError("serve did not log '" + text + "' in 120 s:\n" + Files.readString(log));
    }

    /** SIGTERM, then the exit status once the process has stopped by itself (fails after 60 s). */
    int terminate() throws Exception {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            kill();
            throw new AssertionError("serve did not stop within 60 s of SIGTERM:\n" + Files.readString(log));
        }
        return process.exitValue();
    }

    private void awaitReady() throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) throw new AssertionError("serve exited with " + process.exitValue() + ":\n" + Files.readString(log));
            try {
                HttpResponse<Void> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) return;
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("serve was not ready after 120 s:\n" + Files.readString(log));
    }

    String s3Endpoint() {
        return "http://127.0.0.1:" + s3Port;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + httpPort + path);
    }

    /** kill -9: no shutdown hook, no lease given back, nothing flushed. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        if (!process.isAlive()) return;
        process.destroy(); // SIGTERM: the graceful stop
        if (!process.waitFor(60, TimeUnit.SECONDS)) kill();
    }
}
