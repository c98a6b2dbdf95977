package dev.inkwell.functions.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.inkwell.core.Json;
import dev.inkwell.functions.Function;
import dev.inkwell.functions.FunctionFailure;
import dev.inkwell.functions.Invocation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A function that runs a program per invocation, as Lambda runs a handler: the event as JSON on stdin, the answer as
 * JSON on stdout, the program's log on stderr. The environment points AWS SDKs at Inkwell ({@code AWS_ENDPOINT_URL}
 * and credentials), so a handler written for Lambda and S3 runs unchanged (Python ones through the shipped shim,
 * {@link PythonShim}). Each call has a time limit (the process tree is killed past it), a memory limit (the address
 * space, through {@code prlimit} where the system has it) and a cap on the answer's size. A program that exits with
 * status 2 and Lambda's error JSON on stdout fails with that error's type; one that crashes fails with
 * {@code States.TaskFailed} and the tail of its stderr.
 */
public final class CommandFunction implements Function {
    private static final Logger LOG = LoggerFactory.getLogger(CommandFunction.class);
    private static final int HANDLED_ERROR = 2;
    private static final int STDERR_TAIL = 2_000;
    private static final Path PRLIMIT = findOnPath("prlimit");

    private final String name;
    private final CommandSpec spec;
    private final Map<String, String> awsEnvironment;

    /**
     * @param awsEnvironment what points AWS SDKs at Inkwell ({@code AWS_ENDPOINT_URL}, credentials, region); added
     *                       before the spec's own environment, which may override it
     */
    public CommandFunction(String name, CommandSpec spec, Map<String, String> awsEnvironment) {
        this.name = Objects.requireNonNull(name);
        this.spec = Objects.requireNonNull(spec);
        this.awsEnvironment = Map.copyOf(awsEnvironment);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return "runs " + String.join(" ", spec.argv());
    }

    @Override
    public JsonNode invoke(JsonNode event, Invocation invocation) throws FunctionFailure {
        Instant deadline = earliest(invocation.deadline(), Instant.now().plus(spec.timeout()));
        List<String> argv = new ArrayList<>();
        if (PRLIMIT != null && spec.memoryMb() > 0) {
            argv.addAll(List.of(PRLIMIT.toString(), "--as=" + spec.memoryMb() * 1024L * 1024L, "--"));
        }
        argv.addAll(spec.argv());
        ProcessBuilder builder = new ProcessBuilder(argv);
        if (spec.workingDirectory() != null) builder.directory(spec.workingDirectory().toFile());
        Map<String, String> env = builder.environment();
        env.putAll(awsEnvironment);
        env.put("INKWELL_FUNCTION_NAME", name);
        env.put("INKWELL_REQUEST_ID", invocation.idempotencyKey());
        env.put("INKWELL_DEADLINE_MS", Long.toString(deadline.toEpochMilli()));
        env.put("INKWELL_MEMORY_LIMIT_MB", Integer.toString(spec.memoryMb()));
        env.put("INKWELL_ORIGIN", invocation.origin());
        // numeric libraries start a thread (and an arena) per core otherwise: one call, one core
        env.putIfAbsent("OMP_NUM_THREADS", "1");
        env.putIfAbsent("OPENBLAS_NUM_THREADS", "1");
        env.putAll(spec.environment());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new FunctionFailure("States.TaskFailed", "cannot start " + spec.argv().getFirst() + ": " + e.getMessage(), false);
        }
        try {
            CompletableFuture<byte[]> stdout = CompletableFuture.supplyAsync(() -> readCapped(process.getInputStream(), spec.maxOutputBytes()),
                    Thread::startVirtualThread);
            CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> tail(process.getErrorStream()), Thread::startVirtualThread);
            writeEvent(process, event);
            long waitMillis = Math.max(0, Duration.between(Instant.now(), deadline).toMillis());
            boolean exited = process.waitFor(waitMillis, TimeUnit.MILLISECONDS);
            if (!exited) {
                kill(process);
                throw new FunctionFailure(FunctionFailure.TIMEOUT, name + " ran past its time limit (" + seconds(spec.timeout())
                        + "); stderr: " + join(stderr), true);
            }
            byte[] out = join(stdout);
            if (out == null) {
                throw new FunctionFailure(FunctionFailure.TOO_LARGE, name + " answered more than " + spec.maxOutputBytes()
                        + " bytes (its output cap)", false);
            }
            int status = process.exitValue();
            if (status == 0) return parseAnswer(out, stderr);
            if (status == HANDLED_ERROR) {
                JsonNode error = parseOrNull(out);
                if (error != null && error.hasNonNull("errorType")) {
                    throw new FunctionFailure(error.get("errorType").asText(), error.toString(), false);
                }
            }
            String how = status > 128 ? "was killed by signal " + (status - 128) : "exited with status " + status;
            throw new FunctionFailure("States.TaskFailed", name + " " + how + "; stderr: " + join(stderr), false);
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            throw new FunctionFailure(FunctionFailure.UNAVAILABLE, "interrupted while " + name + " ran", true);
        } finally {
            if (process.isAlive()) kill(process);
        }
    }

    private JsonNode parseAnswer(byte[] out, CompletableFuture<String> stderr) throws FunctionFailure {
        if (out.length == 0) return Json.mapper().nullNode();
        JsonNode answer = parseOrNull(out);
        if (answer == null) {
            throw new FunctionFailure("States.TaskFailed", name + " answered something that is not JSON: "
                    + new String(out, 0, Math.min(out.length, 200), StandardCharsets.UTF_8) + "; stderr: " + join(stderr), false);
        }
        return answer;
    }

    private static JsonNode parseOrNull(byte[] out) {
        try {
            return Json.mapper().readTree(out);
        } catch (IOException e) {
            return null;
        }
    }

    private static void writeEvent(Process process, JsonNode event) {
        try (OutputStream in = process.getOutputStream()) {
            in.write(Json.mapper().writeValueAsBytes(event));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            // the program exited without reading its input: its status tells the rest
            LOG.debug("could not write the event: {}", e.toString());
        }
    }

    /** Everything, or null past {@code cap} bytes (then the rest is drained so the program is not blocked). */
    private static byte[] readCapped(InputStream in, long cap) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        long total = 0;
        boolean over = false;
        try (in) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                total += n;
                if (total > cap) over = true;
                if (!over) out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            LOG.debug("stdout: {}", e.toString());
        }
        return over ? null : out.toByteArray();
    }

    /** The last {@value #STDERR_TAIL} characters of the program's stderr. */
    private static String tail(InputStream in) {
        byte[] ring = new byte[STDERR_TAIL];
        long total = 0;
        byte[] buffer = new byte[4096];
        try (in) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                for (int i = 0; i < n; i++) ring[(int) (total++ % STDERR_TAIL)] = buffer[i];
            }
        } catch (IOException e) {
            LOG.debug("stderr: {}", e.toString());
        }
        int size = (int) Math.min(total, STDERR_TAIL);
        byte[] last = new byte[size];
        for (int i = 0; i < size; i++) last[i] = ring[(int) ((total - size + i) % STDERR_TAIL)];
        String text = new String(last, StandardCharsets.UTF_8).strip();
        return text.isEmpty() ? "(empty)" : (total > STDERR_TAIL ? "…" : "") + text;
    }

    private static <T> T join(CompletableFuture<T> f) {
        try {
            return f.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            return null;
        }
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private static Path findOnPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) return null;
        for (String dir : path.split(":")) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, program);
            if (p.toFile().canExecute()) return p;
        }
        return null;
    }

    /** A copy of the variables with the given ones added. */
    static Map<String, String> with(Map<String, String> base, Map<String, String> more) {
        Map<String, String> out = new HashMap<>(base);
        out.putAll(more);
        return out;
    }
}
