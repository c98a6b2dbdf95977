package dev.inkwell.cli.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import com.fasterxml.jackson.databind.JsonNode;
import dev.inkwell.core.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Logging as users see it: text lines or JSON lines on stderr, the level from the environment, libraries' routine
 * chatter kept out; in a fresh JVM, where logback must find the configurator by itself.
 */
class LogConfiguratorTest {

    @Test
    void textLinesCarryTimeLevelLoggerAndMessageThenTheStackTrace() {
        String out = log(Map.of(), context -> {
            Logger log = context.getLogger("dev.inkwell.server.InkwellServer");
            log.info("serving on {}", "http://127.0.0.1:8080/");
            log.error("failed", new IllegalStateException("boom"));
        });
        String[] lines = out.split("\n");
        assertThat(lines[0]).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  InkwellServer - serving on http://127\\.0\\.0\\.1:8080/");
        assertThat(lines[1]).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} ERROR InkwellServer - failed");
        assertThat(lines[2]).isEqualTo("java.lang.IllegalStateException: boom");
        assertThat(lines[3]).startsWith("\tat ").contains(LogConfiguratorTest.class.getSimpleName());
    }

    @Test
    void theLevelComesFromTheEnvironmentAndAnUnknownOneIsInfo() {
        Map<String, String> warn = Map.of("INKWELL_LOG_LEVEL", "warn");
        assertThat(log(warn, c -> c.getLogger("x.Y").info("hidden"))).isEmpty();
        assertThat(log(warn, c -> c.getLogger("x.Y").warn("shown"))).contains("WARN  Y - shown");
        assertThat(log(Map.of("INKWELL_LOG_LEVEL", "debug"), c -> c.getLogger("x.Y").debug("detail"))).contains("DEBUG Y - detail");
        assertThat(log(Map.of("INKWELL_LOG_LEVEL", "loud;rm -rf"), c -> {
            c.getLogger("x.Y").debug("hidden");
            c.getLogger("x.Y").info("shown");
        })).doesNotContain("hidden").contains("shown");
    }

    @Test
    void librariesSayOnlyWarningsAndErrors() {
        String out = log(Map.of("INKWELL_LOG_LEVEL", "DEBUG"), c -> {
            c.getLogger("org.eclipse.jetty.server.Server").info("jetty started");
            c.getLogger("com.zaxxer.hikari.HikariDataSource").info("pool started");
            c.getLogger("io.javalin.Javalin").warn("javalin warns");
        });
        assertThat(out).doesNotContain("jetty started", "pool started").contains("javalin warns");
    }

    @Test
    void jsonLinesAreOneObjectEachWithKeyValuesAndEscapedText() throws IOException {
        String out = log(Map.of("INKWELL_LOG_FORMAT", "JSON"), c -> {
            Logger log = c.getLogger("dev.inkwell.Thing");
            log.atInfo().addKeyValue("endpoint", "mnist").log("served {}", 3);
            log.warn("a \"quoted\"\nsecond line\u0001", new IllegalArgumentException("bad </script>"));
        });
        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.split("\n")) lines.add(Json.mapper().readTree(line));
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0).path("level").asText()).isEqualTo("INFO");
        assertThat(lines.get(0).path("loggerName").asText()).isEqualTo("dev.inkwell.Thing");
        assertThat(lines.get(0).path("formattedMessage").asText()).isEqualTo("served 3");
        assertThat(lines.get(0).path("kvpList").toString()).contains("\"endpoint\"").contains("\"mnist\"");
        assertThat(lines.get(1).path("formattedMessage").asText()).isEqualTo("a \"quoted\"\nsecond line\u0001");
        assertThat(lines.get(1).path("throwable").path("message").asText()).isEqualTo("bad </script>");
    }

    @Test
    void aFreshJvmFindsTheConfiguratorAndWritesToStderrOnly() throws Exception {
        Result text = run(Map.of());
        assertThat(text.stdout).isEmpty();
        assertThat(text.stderr).containsPattern("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  LogLine - served 3 requests")
                .contains("WARN  LogLine - careful: \"quoted\"").contains("java.lang.IllegalStateException: boom")
                .doesNotContain("jetty chatter", "debug detail", "logback"); // no logback status chatter either
        Result json = run(Map.of("INKWELL_LOG_FORMAT", "json", "INKWELL_LOG_LEVEL", "DEBUG"));
        List<String> lines = json.stderr.lines().toList();
        assertThat(lines).hasSize(3);
        for (String line : lines) assertThat(Json.mapper().readTree(line).path("loggerName").asText()).isEqualTo(LogLine.class.getName());
        assertThat(lines.get(2)).contains("debug detail");
    }

    @Test
    void aUsersOwnLogbackFileStillWins() throws Exception {
        Path file = Path.of("target", "test-logback-" + ProcessHandle.current().pid() + ".xml");
        Files.writeString(file, """
                <configuration>
                  <statusListener class="ch.qos.logback.core.status.NopStatusListener"/>
                  <appender name="e" class="ch.qos.logback.core.ConsoleAppender">
                    <target>System.err</target><encoder><pattern>CUSTOM %msg%n</pattern></encoder>
                  </appender>
                  <root level="INFO"><appender-ref ref="e"/></root>
                </configuration>
                """);
        try {
            Result r = run(Map.of(), "-Dlogback.configurationFile=" + file.toAbsolutePath());
            assertThat(r.stderr).contains("CUSTOM served 3 requests").contains("CUSTOM jetty chatter");
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static String log(Map<String, String> env, Consumer<LoggerContext> body) {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter()); // what logback's own start-up gives the context it makes
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LogConfigurator.configure(context, env::get, out);
        body.accept(context);
        context.stop();
        return out.toString(StandardCharsets.UTF_8);
    }

    private record Result(String stdout, String stderr) {}

    private static Result run(Map<String, String> env, String... jvmFlags) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(List.of(jvmFlags));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), LogLine.class.getName()));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().remove("INKWELL_LOG_FORMAT");
        pb.environment().remove("INKWELL_LOG_LEVEL");
        pb.environment().putAll(env);
        Path err = Path.of("target", "loglines-" + System.nanoTime() + ".err");
        pb.redirectError(err.toFile());
        Process p = pb.start();
        String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        String stderr = Files.readString(err);
        Files.delete(err);
        return new Result(stdout, stderr);
    }
}
