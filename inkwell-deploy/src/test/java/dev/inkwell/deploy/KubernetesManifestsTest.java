package dev.inkwell.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inkwell.server.ServerMetrics;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** deploy/kubernetes renders, every object validates against the strict Kubernetes schemas, and mistakes fail. */
class KubernetesManifestsTest {
    static final Path DEPLOY = Path.of(System.getProperty("inkwell.deploy", "../deploy"));
    static final Path KUBERNETES = DEPLOY.resolve("kubernetes");
    static final KubernetesSchemas SCHEMAS = new KubernetesSchemas(KUBERNETES.resolve("schemas/kubernetes-strict.json"));

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/production", "overlays/minio"})
    void everyRenderedObjectIsAValidKubernetesObject(String dir) {
        List<ObjectNode> objects = Kustomize.render(KUBERNETES.resolve(dir));
        assertThat(objects).extracting(o -> o.path("kind").asText()).containsExactlyInAnyOrder("ServiceAccount", "ConfigMap",
                "Deployment", "Service", "PodDisruptionBudget", "HorizontalPodAutoscaler", "NetworkPolicy", "Job", "CronJob");
        for (ObjectNode o : objects) {
            assertThat(SCHEMAS.validate(o)).as("%s %s", o.path("kind").asText(), o.path("metadata").path("name").asText()).isEmpty();
            assertThat(o.path("metadata").path("labels").path("app.kubernetes.io/name").asText()).isEqualTo("inkwell");
        }
    }

    @Test
    void theExampleSecretIsValidAndHoldsWhatInkwellReads() {
        JsonNode secret = Kustomize.read(KUBERNETES.resolve("secret.example.yaml")).get(0);
        assertThat(SCHEMAS.validate(secret)).isEmpty();
        assertThat(fieldNames(secret.path("stringData")))
                .containsExactlyInAnyOrder("INKWELL_STORE", "INKWELL_S3_ACCESS_KEY", "INKWELL_S3_SECRET_KEY", "INKWELL_API_KEY");
    }

    @Test
    void overlaysSetNamespaceImagesReplicasAndPatches() {
        Map<String, ObjectNode> production = byKind(Kustomize.render(KUBERNETES.resolve("overlays/production")));
        ObjectNode deployment = production.get("Deployment");
        assertThat(deployment.path("metadata").path("namespace").asText()).isEqualTo("inkwell");
        assertThat(deployment.path("spec").path("replicas").asInt()).isEqualTo(3);
        assertThat(deployment.at("/spec/template/spec/containers/0/image").asText())
                .isEqualTo("registry.example.com/inkwell/inkwell-serve:0.1.0-SNAPSHOT");
        assertThat(production.get("Job").at("/spec/template/spec/containers/0/image").asText()).endsWith("/inkwell-full:0.1.0-SNAPSHOT");
        assertThat(production.get("CronJob").at("/spec/jobTemplate/spec/template/spec/initContainers/1/image").asText())
                .endsWith("/inkwell-serve:0.1.0-SNAPSHOT");
        assertThat(production.get("HorizontalPodAutoscaler").at("/spec/minReplicas").asInt()).isEqualTo(3);
        assertThat(production.get("PodDisruptionBudget").at("/spec").has("maxUnavailable")).isFalse();
        assertThat(production.get("PodDisruptionBudget").at("/spec/minAvailable").asInt()).isEqualTo(2);
        Map<String, ObjectNode> minio = byKind(Kustomize.render(KUBERNETES.resolve("overlays/minio")));
        assertThat(minio.get("ConfigMap").at("/data/INKWELL_S3_ENDPOINT").asText()).isEqualTo("http://minio.inkwell-dev.svc:9000");
    }

    @Test
    void probesAndAutoscalerUseWhatTheServerHas() throws IOException {
        ObjectNode deployment = byKind(Kustomize.render(KUBERNETES.resolve("base"))).get("Deployment");
        JsonNode serve = deployment.at("/spec/template/spec/containers/0");
        assertThat(serve.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/health/ready");
        assertThat(serve.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/health/live");
        JsonNode hpa = byKind(Kustomize.render(KUBERNETES.resolve("base"))).get("HorizontalPodAutoscaler");
        String metric = hpa.at("/spec/metrics/1/pods/metric/name").asText();
        // the server's own metrics registry, as /metrics writes it, has the gauge the autoscaler reads
        ServerMetrics metrics = new ServerMetrics();
        metrics.inFlight(() -> 5);
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(text, metrics.registry().scrape());
        assertThat(text.toString(StandardCharsets.UTF_8)).containsPattern("(?m)^" + metric + " 5(\\.0)?$");
    }

    @Test
    void aMisspeltFieldIsCaught() {
        ObjectNode deployment = byKind(Kustomize.render(KUBERNETES.resolve("base"))).get("Deployment");
        ObjectNode container = (ObjectNode) deployment.at("/spec/template/spec/containers/0");
        container.set("resourcez", container.remove("resources"));
        assertThat(SCHEMAS.validate(deployment)).anySatisfy(m -> assertThat(m).contains("resourcez"));
    }

    @Test
    void aWrongTypeIsCaught() {
        ObjectNode deployment = byKind(Kustomize.render(KUBERNETES.resolve("base"))).get("Deployment");
        ((ObjectNode) deployment.get("spec")).put("replicas", "three");
        ((ObjectNode) deployment.at("/spec/template/spec/containers/0/ports/0")).put("containerPort", "http");
        assertThat(SCHEMAS.validate(deployment)).anySatisfy(m -> assertThat(m).contains("replicas").contains("integer"))
                .anySatisfy(m -> assertThat(m).contains("containerPort").contains("integer"));
    }

    @Test
    void intOrStringAndQuantitiesTakeBothForms() {
        ObjectNode deployment = byKind(Kustomize.render(KUBERNETES.resolve("base"))).get("Deployment");
        ((ObjectNode) deployment.at("/spec/strategy/rollingUpdate")).put("maxSurge", "25%");
        ((ObjectNode) deployment.at("/spec/template/spec/containers/0/resources/requests")).put("cpu", 1);
        assertThat(SCHEMAS.validate(deployment)).isEmpty();
        ((ObjectNode) deployment.at("/spec/strategy/rollingUpdate")).put("maxSurge", true);
        assertThat(SCHEMAS.validate(deployment)).isNotEmpty();
    }

    @Test
    void unknownKindsAndMissingNamesAreCaught() {
        ObjectNode service = byKind(Kustomize.render(KUBERNETES.resolve("base"))).get("Service");
        service.put("apiVersion", "v2");
        assertThat(SCHEMAS.validate(service)).singleElement().asString().contains("no schema for v2/Service");
        service.put("apiVersion", "v1");
        ((ObjectNode) service.get("metadata")).remove("name");
        assertThat(SCHEMAS.validate(service)).anySatisfy(m -> assertThat(m).contains("name"));
    }

    @Test
    void theRendererRefusesWhatItDoesNotImplement(@TempDir Path dir) throws IOException {
        Files.copy(KUBERNETES.resolve("base/service.yaml"), dir.resolve("service.yaml"));
        Files.writeString(dir.resolve("kustomization.yaml"), "resources: [service.yaml]\ncommonLabels: {a: b}\n");
        assertThatThrownBy(() -> Kustomize.render(dir)).hasMessageContaining("unsupported field 'commonLabels'");
        Files.writeString(dir.resolve("kustomization.yaml"), """
                resources: [service.yaml]
                patches:
                  - target: {kind: Service, name: inkwell}
                    patch: |-
                      - op: replace
                        path: /spec/portz
                        value: []
                """);
        assertThatThrownBy(() -> Kustomize.render(dir)).hasMessageContaining("patch path not found: /spec/portz");
        Files.writeString(dir.resolve("kustomization.yaml"), """
                resources: [service.yaml]
                patches:
                  - target: {kind: Service, name: other}
                    patch: "[]"
                """);
        assertThatThrownBy(() -> Kustomize.render(dir)).hasMessageContaining("matches no resource");
        Files.writeString(dir.resolve("kustomization.yaml"), """
                resources: [service.yaml]
                patches:
                  - target: {kind: Service, name: inkwell}
                    patch: |-
                      - op: move
                        from: /spec
                        path: /x
                """);
        assertThatThrownBy(() -> Kustomize.render(dir)).hasMessageContaining("unsupported patch op 'move'");
    }

    /** Where kubectl is installed, its kustomize renders every overlay to the same objects as {@link Kustomize}. */
    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/production", "overlays/minio"})
    void kubectlKustomizeRendersTheSame(String dir) throws Exception {
        assumeTrue(onPath("kubectl"), "kubectl not installed");
        Process p = new ProcessBuilder("kubectl", "kustomize", KUBERNETES.resolve(dir).toString()).redirectErrorStream(false).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
        Path rendered = Files.createTempFile("kustomize", ".yaml");
        try {
            Files.write(rendered, out);
            assertThat(byKey(Kustomize.read(rendered))).isEqualTo(byKey(Kustomize.render(KUBERNETES.resolve(dir))));
        } finally {
            Files.delete(rendered);
        }
    }

    private static boolean onPath(String program) {
        return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(d -> Files.isExecutable(Path.of(d, program)));
    }

    private static Map<String, JsonNode> byKey(List<? extends JsonNode> objects) {
        return objects.stream().collect(Collectors.toMap(o -> o.path("kind").asText() + "/" + o.path("metadata").path("namespace").asText()
                + "/" + o.path("metadata").path("name").asText(), o -> o, (a, b) -> a, TreeMap::new));
    }

    private static Map<String, ObjectNode> byKind(List<ObjectNode> objects) {
        return objects.stream().collect(Collectors.toMap(o -> o.path("kind").asText(), o -> o));
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
