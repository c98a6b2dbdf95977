package dev.inkwell.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.inkwell.server.ServerConfig;
import dev.inkwell.serving.endpoint.EndpointSpec;
import dev.inkwell.testing.SharedData;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ServeCommandTest {
    private static ServeCommand parsed(String... args) {
        ServeCommand command = new ServeCommand();
        CommandLine cl = new CommandLine(command);
        cl.setCaseInsensitiveEnumValuesAllowed(true); // as Cli's
        cl.parseArgs(args);
        command.spec = cl.getCommandSpec();
        return command;
    }

    private static ServerConfig configOf(String... args) {
        return parsed(args).config();
    }

    @Test
    void flagsBecomeTheServerConfiguration() {
        ServerConfig c = configOf("--host", "0.0.0.0", "--port", "9090", "--model", "/m/a.onnx", "--model", "fashion=/m/f.onnx",
                "--batch-size", "32", "--batch-wait-ms", "1", "--fetch-allow", "10.0.0.0/8", "--access-log");
        assertThat(c.http().host()).isEqualTo("0.0.0.0");
        assertThat(c.http().port()).isEqualTo(9090);
        assertThat(c.http().accessLog()).isTrue();
        assertThat(c.endpoints()).containsExactly(new EndpointSpec("default", "/m/a.onnx"),
                new EndpointSpec("fashion", "/m/f.onnx"));
        assertThat(c.serving().batching().maxBatch()).isEqualTo(32);
        assertThat(c.serving().batching().maxWait()).isEqualTo(Duration.ofMillis(1));
        assertThat(c.serving().fetch().allowedHosts()).containsExactly("10.0.0.0/8");
        assertThat(c.serving().fetch().allowHttp()).isFalse();
        ServerConfig defaults = configOf();
        assertThat(defaults.endpoints()).containsExactly(new EndpointSpec("default", "mnist"));
        assertThat(defaults.http().port()).isEqualTo(8080);
        assertThat(configOf("--no-batching").serving().batching().enabled()).isFalse();
    }

    private static ServerConfig configIn(ServeCommand.Footprint jvm, String... args) {
        return parsed(args).config(jvm);
    }

    @Test
    void connectionsKeepHeaderCachesInTheFastFootprintOnlyUnlessTheConfigFileSays(@TempDir Path dir) throws IOException {
        assertThat(configOf().http().headerCache()).isTrue();
        assertThat(configIn(ServeCommand.Footprint.FAST).http().headerCache()).isTrue();
        assertThat(configIn(ServeCommand.Footprint.LEAN).http().headerCache()).isFalse();
        assertThat(configIn(ServeCommand.Footprint.SMALL).http().headerCache()).isFalse();
        Path on = Files.writeString(dir.resolve("on.json"), "{\"http\": {\"headerCache\": true}}");
        assertThat(configIn(ServeCommand.Footprint.SMALL, "--config", on.toString()).http().headerCache()).isTrue();
        Path off = Files.writeString(dir.resolve("off.json"), "{\"http\": {\"headerCache\": false}}");
        assertThat(configIn(ServeCommand.Footprint.FAST, "--config", off.toString()).http().headerCache()).isFalse();
    }

    @Test
    void theCanvasWarmUpIsOnForTheFastFootprintOnlyUnlessTheFlagOrTheConfigFileSays(@TempDir Path dir) throws IOException {
        assertThat(configOf().http().warmCanvas()).isTrue(); // this JVM was not started as lean or small
        assertThat(configIn(ServeCommand.Footprint.FAST).http().warmCanvas()).isTrue();
        assertThat(configIn(ServeCommand.Footprint.LEAN).http().warmCanvas()).isFalse();
        assertThat(configIn(ServeCommand.Footprint.SMALL).http().warmCanvas()).isFalse();
        assertThat(configIn(ServeCommand.Footprint.SMALL, "--warm-canvas").http().warmCanvas()).isTrue();
        assertThat(configIn(ServeCommand.Footprint.FAST, "--no-warm-canvas").http().warmCanvas()).isFalse();
        Path on = Files.writeString(dir.resolve("on.json"), "{\"http\": {\"warmCanvas\": true}}");
        assertThat(configIn(ServeCommand.Footprint.LEAN, "--config", on.toString()).http().warmCanvas()).isTrue();
        assertThat(configIn(ServeCommand.Footprint.LEAN, "--config", on.toString(), "--no-warm-canvas").http().warmCanvas()).isFalse();
        Path other = Files.writeString(dir.resolve("other.json"), "{\"http\": {\"port\": 9001}}");
        assertThat(configIn(ServeCommand.Footprint.LEAN, "--config", other.toString()).http().warmCanvas()).isFalse();
    }

    @Test
    void theFootprintIsTheJvmsAndLeavesTheBatchingAlone() {
        assertThat(configOf().serving().batching().maxBatch()).isEqualTo(8);
        assertThat(configOf("--footprint", "fast").serving().batching()).isEqualTo(configOf().serving().batching());
        assertThat(configOf("--footprint", "SMALL").serving().batching()).isEqualTo(configOf().serving().batching());
        assertThat(configOf("--footprint", "small", "--batch-size", "32").serving().batching().maxBatch()).isEqualTo(32);
        assertThat(configOf("--footprint", "small", "--no-batching").serving().batching().enabled()).isFalse();
        // the launcher's -Dinkwell.footprint=small; a JVM started otherwise (this one) has no such property
        assertThat(configOf("--footprint", "lean").serving().batching()).isEqualTo(configOf().serving().batching());
        assertThat(ServeCommand.footprintOf("small")).isEqualTo(ServeCommand.Footprint.SMALL);
        assertThat(ServeCommand.footprintOf("lean")).isEqualTo(ServeCommand.Footprint.LEAN);
        assertThat(ServeCommand.footprintOf(null)).isEqualTo(ServeCommand.Footprint.FAST);
        assertThat(ServeCommand.footprintOf(System.getProperty(ServeCommand.FOOTPRINT_PROPERTY))).isEqualTo(ServeCommand.Footprint.FAST);
        assertThat(ServeCommand.footprintOf("tiny")).isEqualTo(ServeCommand.Footprint.FAST);
        for (String bad : new String[] {"tiny", "", "small,fast"}) {
            CliTest.Result r = CliTest.run("serve", "--footprint", bad);
            assertThat(r.code()).as(bad).isEqualTo(2);
            assertThat(r.err()).as(bad).contains("--footprint").contains("FAST, LEAN, SMALL");
        }
    }

    @Test
    void captureFlagsSetTheCommandLinesEndpoints() {
        assertThat(configOf().capture().endpoints().enabled()).isFalse();
        ServerConfig c = configOf("--capture", "25", "--capture-to", "s3://traffic/web", "--buckets", "/srv/buckets");
        assertThat(c.capture().endpoints().percent()).isEqualTo(25.0);
        assertThat(c.capture().endpoints().destination()).isEqualTo("s3://traffic/web");
        assertThat(c.buckets()).isEqualTo("/srv/buckets");
        assertThat(configOf("--capture", "5%").capture().endpoints().destination()).isEqualTo("s3://captures/");
        for (String[] bad : new String[][] {{"--capture", "x"}, {"--capture", "200"}, {"--capture", "main=5"}, {"--capture", "5", "--capture-to", "captures"}}) {
            CliTest.Result r = CliTest.run(CliTest.concat(new String[] {"serve"}, bad));
            assertThat(r.code()).as(String.join(" ", bad)).isEqualTo(2);
            assertThat(r.err()).as(String.join(" ", bad)).contains("--capture: ");
        }
    }

    @Test
    void monitoringFlagsSetTheSchedule() {
        ServerConfig c = configOf("--monitor-baseline", "default=/srv/baselines/mnist", "--monitor-baseline", "web=s3://monitoring/b/web",
                "--monitor-every", "10m", "--monitor-reports", "s3://reports/");
        assertThat(c.monitoring().baselines()).containsEntry("default", "/srv/baselines/mnist").containsEntry("web", "s3://monitoring/b/web");
        assertThat(c.monitoring().every()).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.monitoring().reports()).isEqualTo("s3://reports/");
        assertThat(configOf("--monitor-every", "30s").monitoring().delay()).isEqualTo(Duration.ofMillis(7500));
        assertThat(configOf().monitoring().every()).isEqualTo(Duration.ofHours(1));
        for (String[] bad : new String[][] {{"--monitor-every", "hourly"}, {"--monitor-every", "0s"}, {"--monitor-baseline", "nobaseline"},
                {"--monitor-baseline", "bad name=x"}, {"--monitor-reports", "reports"}}) {
            CliTest.Result r = CliTest.run(CliTest.concat(new String[] {"serve"}, bad));
            assertThat(r.code()).as(String.join(" ", bad)).isEqualTo(2);
            assertThat(r.err()).as(String.join(" ", bad)).contains("monitoring: ");
        }
    }

    @Test
    void admissionFlagSetsThePixelBudget() {
        assertThat(configOf().serving().admission().enabled()).isTrue();
        var a = configOf("--max-pixels-in-flight", "900000").serving().admission();
        assertThat(a.maxPixelsInFlight()).isEqualTo(900_000);
        assertThat(a.smallReserve()).isEqualTo(100_000);
        assertThat(configOf("--max-pixels-in-flight", "0").serving().admission().enabled()).isFalse();
        for (String bad : new String[] {"-5", "lots"}) {
            CliTest.Result r = CliTest.run("serve", "--max-pixels-in-flight", bad);
            assertThat(r.code()).as(bad).isEqualTo(2);
            assertThat(r.err()).as(bad).contains("--max-pixels-in-flight");
        }
    }

    @Test
    void flagsOverrideTheConfigFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("serve.json");
        Files.writeString(file, "{\"http\": {\"port\": 7000, \"host\": \"0.0.0.0\"}, \"endpoints\": {\"default\": \"mnist\"}}");
        ServerConfig c = configOf("--config", file.toString(), "--port", "7001");
        assertThat(c.http().port()).isEqualTo(7001);
        assertThat(c.http().host()).isEqualTo("0.0.0.0");
    }

    @Test
    void badFlagsAndFilesAreOneLineErrors() throws IOException {
        CliTest.Result missing = CliTest.run("serve", "--config", "/no/such/serve.json");
        assertThat(missing.code()).isEqualTo(Cli.FAILURE);
        assertThat(missing.err()).contains("/no/such/serve.json").contains("cannot read");
        CliTest.Result badModel = CliTest.run("serve", "--port", "0", "--model", "/no/such/model.onnx");
        assertThat(badModel.code()).isEqualTo(Cli.FAILURE);
        assertThat(badModel.err()).contains("/no/such/model.onnx");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            CliTest.Result busy = CliTest.run("serve", "--port", Integer.toString(taken.getLocalPort()),
                    "--model", SharedData.mnist8Onnx().toString());
            assertThat(busy.code()).isEqualTo(Cli.FAILURE);
            assertThat(busy.err()).contains("cannot listen on 127.0.0.1:" + taken.getLocalPort()).doesNotContain("--verbose");
        }
        CliTest.Result help = CliTest.run("serve", "--help");
        assertThat(help.out()).contains("--model").contains("INKWELL_API_KEY");
    }
}
