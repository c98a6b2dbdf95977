package dev.inkwell.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.inkwell.core.InvalidInputException;
import dev.inkwell.serving.ServingConfig;
import dev.inkwell.serving.endpoint.EndpointSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerConfigFileTest {
    private static final ServerConfig BASE = ServerConfig.builder(List.of(new EndpointSpec("default", "mnist")))
            .auth(new ServerConfig.Auth(null)).build();

    @TempDir
    Path dir;

    private ServerConfig read(String json) throws IOException {
        Path file = dir.resolve("serve.json");
        Files.writeString(file, json);
        return ServerConfigFile.read(file, BASE);
    }

    @Test
    void namesTheStore() throws IOException {
        assertThat(BASE.store()).isNull();
        assertThat(read("{\"store\": \"jdbc:postgresql://db/inkwell?user=u\"}").store()).isEqualTo("jdbc:postgresql://db/inkwell?user=u");
        assertThatThrownBy(() -> read("{\"store\": 5}")).hasMessageContaining("store").hasMessageContaining("expected a string");
    }

    @Test
    void namesTheBucketsAndHowTriggersRun() throws IOException {
        assertThat(BASE.buckets()).isNull();
        assertThat(BASE.triggers().mode()).isEqualTo(ServerConfig.TriggerConfig.Mode.AUTO);
        ServerConfig c = read("""
                {"buckets": "s3://?endpoint=http://minio:9000",
                 "triggers": {"mode": "on", "workers": 3, "claimBatch": 2, "leaseMs": 20000, "bucketPollMs": 0, "maxAttempts": 6}}""");
        assertThat(c.buckets()).isEqualTo("s3://?endpoint=http://minio:9000");
        assertThat(c.triggers().mode()).isEqualTo(ServerConfig.TriggerConfig.Mode.ON);
        assertThat(c.triggers().settings().workers()).isEqualTo(3);
        assertThat(c.triggers().settings().claimBatch()).isEqualTo(2);
        assertThat(c.triggers().settings().lease().toMillis()).isEqualTo(20000);
        assertThat(c.triggers().settings().bucketPoll().isZero()).isTrue();
        assertThat(c.triggers().settings().maxAttempts()).isEqualTo(6);
        assertThat(c.triggers().settings().queuePoll()).isEqualTo(BASE.triggers().settings().queuePoll());
        assertThatThrownBy(() -> read("{\"triggers\": {\"mode\": \"sometimes\"}}")).hasMessageContaining("triggers.mode").hasMessageContaining("auto, on or off");
        assertThatThrownBy(() -> read("{\"triggers\": {\"workers\": 0}}")).hasMessageContaining("triggers.workers");
        assertThatThrownBy(() -> read("{\"triggers\": {\"leaseMs\": 100}}")).hasMessageContaining("triggers.leaseMs");
        assertThatThrownBy(() -> read("{\"triggers\": {\"wrokers\": 2}}")).hasMessageContaining("triggers.wrokers").hasMessageContaining("unknown key");
        assertThatThrownBy(() -> read("{\"buckets\": 1}")).hasMessageContaining("buckets").hasMessageContaining("expected a string");
    }

    @Test
    void setsHowWorkflowExecutionsAreLeased() throws IOException {
        assertThat(BASE.workflows()).isEqualTo(ServerConfig.WorkflowConfig.defaults());
        ServerConfig c = read("{\"workflows\": {\"leaseMs\": 5000, \"recoveryMs\": 250}}");
        assertThat(c.workflows().lease().toMillis()).isEqualTo(5000);
        assertThat(c.workflows().recoveryInterval().toMillis()).isEqualTo(250);
        assertThat(read("{\"workflows\": {\"leaseMs\": 5000}}").workflows().recoveryInterval())
                .isEqualTo(ServerConfig.WorkflowConfig.defaults().recoveryInterval());
        assertThatThrownBy(() -> read("{\"workflows\": {\"leaseMs\": 10}}")).hasMessageContaining("workflows.leaseMs");
        assertThatThrownBy(() -> read("{\"workflows\": {\"lease\": 10}}")).hasMessageContaining("workflows.lease").hasMessageContaining("unknown key");
        assertThatThrownBy(() -> read("{\"workflows\": 3}")).hasMessageContaining("workflows").hasMessageContaining("expected an object");
    }

    @Test
    void setsAdmissionByPixels() throws IOException {
        assertThat(BASE.serving().admission()).isEqualTo(ServingConfig.Admission.defaults());
        ServingConfig.Admission a = read("{\"admission\": {\"maxPixelsInFlight\": 900000, \"retryAfterMs\": 3000}}").serving().admission();
        assertThat(a.maxPixelsInFlight()).isEqualTo(900_000);
        assertThat(a.smallReserve()).as("a ninth by default").isEqualTo(100_000);
        assertThat(a.retryAfter()).isEqualTo(Duration.ofSeconds(3));
        assertThat(read("{\"admission\": {\"maxPixelsInFlight\": 900000, \"smallReserve\": 1000}}").serving().admission().smallReserve())
                .isEqualTo(1000);
        assertThat(read("{\"admission\": {\"maxPixelsInFlight\": 0}}").serving().admission().enabled()).isFalse();
        assertThatThrownBy(() -> read("{\"admission\": {\"maxPixelsInFlight\": -1}}")).hasMessageContaining("admission.maxPixelsInFlight");
        assertThatThrownBy(() -> read("{\"admission\": {\"maxPixelsInFlight\": 1000, \"smallReserve\": 1000}}"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("admission").hasMessageContaining("smallReserve");
        assertThatThrownBy(() -> read("{\"admission\": {\"maxPixels\": 10}}")).hasMessageContaining("admission.maxPixels").hasMessageContaining("unknown key");
        assertThatThrownBy(() -> read("{\"admission\": {\"retryAfterMs\": \"1s\"}}")).hasMessageContaining("admission.retryAfterMs");
        assertThat(BASE.serving().admission().maxWait()).as("large pictures wait half a second for room by default")
                .isEqualTo(Duration.ofMillis(500));
        assertThat(read("{\"admission\": {\"maxWaitMs\": 0}}").serving().admission().maxWait()).isZero();
        assertThat(read("{\"admission\": {\"maxWaitMs\": 2500}}").serving().admission().maxWait()).isEqualTo(Duration.ofMillis(2500));
        assertThatThrownBy(() -> read("{\"admission\": {\"maxWaitMs\": -1}}")).hasMessageContaining("admission.maxWaitMs");
        assertThatThrownBy(() -> read("{\"admission\": {\"maxWaitMs\": 600000}}")).hasMessageContaining("admission.maxWaitMs");
    }

    @Test
    void overridesOnlyWhatItNames() throws IOException {
        ServerConfig c = read("""
                {"http": {"host": "0.0.0.0", "port": 9000},
                 "batching": {"maxBatch": 16, "maxWaitMs": 1},
                 "fetch": {"allowedHosts": ["10.0.0.0/8"], "timeoutMs": 2000},
                 "endpoints": {"default": "mnist", "local": "models/m.onnx"}}""");
        assertThat(c.http().host()).isEqualTo("0.0.0.0");
        assertThat(c.http().port()).isEqualTo(9000);
        assertThat(c.http().stopTimeout()).isEqualTo(BASE.http().stopTimeout());
        assertThat(c.http().warmCanvas()).isEqualTo(BASE.http().warmCanvas());
        assertThat(c.serving().batching().maxBatch()).isEqualTo(16);
        assertThat(c.serving().batching().maxWait()).isEqualTo(Duration.ofMillis(1));
        assertThat(c.serving().batching().workers()).isEqualTo(BASE.serving().batching().workers());
        assertThat(c.serving().fetch().allowedHosts()).containsExactly("10.0.0.0/8");
        assertThat(c.serving().fetch().allowHttp()).isFalse();
        assertThat(c.serving().limits()).isEqualTo(BASE.serving().limits());
        assertThat(c.endpoints()).extracting(EndpointSpec::name).containsExactly("default", "local");
        assertThat(c.endpoints().get(0).model()).isEqualTo("bundled:mnist");
        assertThat(c.endpoints().get(1).model()).isEqualTo("file:" + dir.resolve("models/m.onnx").toAbsolutePath().normalize());
    }

    @Test
    void setsCaptureOfTheEndpointsItStarts() throws IOException {
        assertThat(BASE.capture().endpoints().enabled()).isFalse();
        ServerConfig c = read("{\"capture\": {\"percent\": 12.5, \"destination\": \"s3://traffic/web\", \"flushIntervalMs\": 250}}");
        assertThat(c.capture().endpoints().percent()).isEqualTo(12.5);
        assertThat(c.capture().endpoints().bucket()).isEqualTo("traffic");
        assertThat(c.capture().endpoints().prefix()).isEqualTo("web/");
        assertThat(c.capture().flushInterval()).isEqualTo(Duration.ofMillis(250));
        assertThat(c.capture().maxBufferedRequests()).isEqualTo(BASE.capture().maxBufferedRequests());
        assertThatThrownBy(() -> read("{\"capture\": {\"percent\": 101}}")).hasMessageContaining("capture.percent: expected a number from 0.0 to 100.0");
        assertThatThrownBy(() -> read("{\"capture\": {\"percent\": \"all\"}}")).hasMessageContaining("capture.percent");
        assertThatThrownBy(() -> read("{\"capture\": {\"destination\": \"/tmp/x\"}}")).hasMessageContaining("capture: capture destination")
                .hasMessageContaining("expected s3://BUCKET/PREFIX");
        assertThatThrownBy(() -> read("{\"capture\": {\"flushIntervalMs\": 0}}")).hasMessageContaining("capture.flushIntervalMs");
        assertThatThrownBy(() -> read("{\"capture\": {\"every\": 1}}")).hasMessageContaining("capture.every: unknown key");
    }

    @Test
    void setsTheMonitoringSchedule() throws IOException {
        assertThat(BASE.monitoring().enabled()).isFalse();
        assertThat(BASE.monitoring().every()).isEqualTo(Duration.ofHours(1));
        ServerConfig c = read("""
                {"monitoring": {"everyMs": 600000, "baselines": {"default": "baselines/mnist", "shared": "s3://monitoring/baselines/shared"},
                                "reports": "s3://reports/web", "lowConfidence": 0.9}}""");
        assertThat(c.monitoring().every()).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.monitoring().delay()).isEqualTo(Duration.ofMinutes(1));
        assertThat(c.monitoring().baselines()).containsEntry("default", dir.resolve("baselines/mnist").toAbsolutePath().normalize().toString())
                .containsEntry("shared", "s3://monitoring/baselines/shared");
        assertThat(c.monitoring().reports()).isEqualTo("s3://reports/web");
        assertThat(c.monitoring().lowConfidence()).isEqualTo(0.9);
        assertThat(c.monitoring().labelling()).as("low-confidence captures are queued by default").isTrue();
        assertThat(read("{\"monitoring\": {\"labelling\": false}}").monitoring().labelling()).isFalse();
        assertThatThrownBy(() -> read("{\"monitoring\": {\"labelling\": \"yes\"}}")).hasMessageContaining("monitoring.labelling: expected true or false");
        assertThat(read("{\"monitoring\": {\"everyMs\": 2000}}").monitoring().delay()).as("a short interval, a shorter delay").isEqualTo(Duration.ofMillis(500));
        assertThatThrownBy(() -> read("{\"monitoring\": {\"everyMs\": 10}}")).hasMessageContaining("monitoring.everyMs");
        assertThatThrownBy(() -> read("{\"monitoring\": {\"everyMs\": 2000, \"delayMs\": 2000}}")).hasMessageContaining("monitoring.delayMs");
        assertThatThrownBy(() -> read("{\"monitoring\": {\"baselines\": [\"x\"]}}")).hasMessageContaining("monitoring.baselines: expected an object");
        assertThatThrownBy(() -> read("{\"monitoring\": {\"baselines\": {\"a\": 1}}}")).hasMessageContaining("monitoring.baselines.a");
        assertThatThrownBy(() -> read("{\"monitoring\": {\"baselines\": {\"bad name!\": \"x\"}}}")).hasMessageContaining("must be 1-64 letters");
        assertThatThrownBy(() -> read("{\"monitoring\": {\"reports\": \"/tmp\"}}")).hasMessageContaining("expected s3://BUCKET/PREFIX");
        assertThatThrownBy(() -> read("{\"monitoring\": {\"lowConfidence\": 2}}")).hasMessageContaining("monitoring.lowConfidence");
        assertThatThrownBy(() -> read("{\"monitoring\": {\"hourly\": true}}")).hasMessageContaining("monitoring.hourly: unknown key");
    }

    @Test
    void namesTheKeyThatIsWrong() throws IOException {
        assertThatThrownBy(() -> read("{\"htp\": {}}")).isInstanceOf(InvalidInputException.class).hasMessageContaining("htp: unknown key");
        assertThatThrownBy(() -> read("{\"http\": {\"port\": \"80\"}}")).hasMessageContaining("http.port: expected a whole number");
        assertThatThrownBy(() -> read("{\"http\": {\"warmCanvas\": \"no\"}}")).hasMessageContaining("http.warmCanvas");
        assertThat(read("{\"http\": {\"warmCanvas\": false}}").http().warmCanvas()).isFalse();
        assertThat(read("{\"http\": {\"port\": 9001}}").http().warmCanvas()).isTrue(); // the base's, untouched
        assertThatThrownBy(() -> read("{\"http\": {\"headerCache\": 0}}")).hasMessageContaining("http.headerCache");
        assertThat(read("{\"http\": {\"headerCache\": false}}").http().headerCache()).isFalse();
        assertThat(read("{\"http\": {\"port\": 9001}}").http().headerCache()).isTrue();
        assertThatThrownBy(() -> read("{\"http\": {\"port\": 70000}}")).hasMessageContaining("from 0 to 65535");
        assertThatThrownBy(() -> read("{\"batching\": {\"enabled\": 1}}")).hasMessageContaining("batching.enabled: expected true or false");
        assertThatThrownBy(() -> read("{\"endpoints\": {\"bad name!\": \"mnist\"}}")).hasMessageContaining("must be 1-64 letters");
        assertThatThrownBy(() -> read("{\"endpoints\": {}}")).hasMessageContaining("endpoints");
        assertThatThrownBy(() -> read("{\"http\": ")).hasMessageContaining("line 1").hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> read("[1]")).hasMessageContaining("expected a JSON object");
        assertThatThrownBy(() -> ServerConfigFile.read(dir.resolve("missing.json"), BASE)).hasMessageContaining("cannot read");
    }

    @Test
    void endpointSpecsParseFromTheCommandLine() {
        assertThat(EndpointSpec.parse("/models/a.onnx")).isEqualTo(new EndpointSpec("default", "/models/a.onnx"));
        assertThat(EndpointSpec.parse("fashion=/m/f.onnx")).isEqualTo(new EndpointSpec("fashion", "/m/f.onnx"));
        assertThat(EndpointSpec.parse("mnist")).isEqualTo(new EndpointSpec("default", "mnist"));
        assertThat(EndpointSpec.parse("/odd/dir=x/m.onnx").name()).isEqualTo("default");
        assertThatThrownBy(() -> BASE.toBuilder().endpoints(
                List.of(new EndpointSpec("a", "m"), new EndpointSpec("a", "n"))).build()).hasMessageContaining("unique");
    }
}
