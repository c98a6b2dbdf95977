package dev.inkwell.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.inkwell.bucket.Buckets;
import dev.inkwell.core.ConflictException;
import dev.inkwell.core.InvalidInputException;
import dev.inkwell.core.NotFoundException;
import dev.inkwell.core.UnprocessableException;
import dev.inkwell.model.ModelFiles;
import dev.inkwell.model.ModelRef;
import dev.inkwell.model.ModelResolvers;
import dev.inkwell.registry.endpoint.CaptureSettings;
import dev.inkwell.registry.endpoint.EndpointDefinition;
import dev.inkwell.registry.endpoint.EndpointRevision;
import dev.inkwell.registry.endpoint.Shadow;
import dev.inkwell.registry.endpoint.Variant;
import dev.inkwell.store.Store;
import dev.inkwell.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry and the endpoint store as every replica relies on them, on SQLite and on PostgreSQL. */
abstract class RegistryContract {
    @TempDir
    Path dir;
    Store store;
    Buckets buckets;
    ModelRegistry registry;

    abstract String newLocation() throws Exception;

    @BeforeEach
    void open() throws Exception {
        store = Store.open(newLocation());
        buckets = Buckets.folder(dir.resolve("buckets"));
        registry = registry(store);
    }

    ModelRegistry registry(Store s) {
        return new ModelRegistry(s, buckets, "models", dir.resolve("cache"), ModelResolvers.builtIn(dir.resolve("bundled")), Clock.systemUTC());
    }

    @AfterEach
    void close() {
        store.close();
        buckets.close();
    }

    static ModelRef compact() {
        return ModelRef.parse("bundled:mnist-compact");
    }

    @Test
    void versionsAreNumberedAndTheSameNetworkIsStoredOnce() {
        ModelVersion v1 = registry.register(Registration.of("digits", compact(), VersionSource.IMPORT).withAlias("champion"));
        ModelVersion v2 = registry.register(Registration.of("digits", compact(), VersionSource.IMPORT));
        assertThat(v1.version()).isEqualTo(1);
        assertThat(v2.version()).isEqualTo(2);
        assertThat(v1.sha256()).isEqualTo(v2.sha256()).hasSize(64);
        assertThat(v1.card().name()).isEqualTo("mnist-compact");
        assertThat(v1.status()).isEqualTo(ApprovalStatus.PENDING);
        assertThat(buckets.bucket("models").objects("sha256/" + v1.sha256() + "/").map(o -> o.key().substring(72)).toList())
                .contains("model.onnx", "model.card.json", "model.params", "report/training-curves.png", "report/test-confusion.png");
        RegisteredModel m = registry.model("digits");
        assertThat(m.versions()).extracting(ModelVersion::version).containsExactly(1, 2);
        assertThat(m.aliases()).isEqualTo(Map.of("champion", 1));
        assertThat(registry.reports(v1)).contains("training-curves.png", "test-confusion.png");
        assertThat(registry.report(v1, "training-curves.png")).startsWith(new byte[] {(byte) 0x89, 'P', 'N', 'G'});
    }

    @Test
    void aliasesMoveAndEveryMoveIsKept() {
        registry.register(Registration.of("digits", compact(), VersionSource.IMPORT).withAlias("champion"));
        registry.register(Registration.of("digits", compact(), VersionSource.IMPORT));
        long before = registry.changes();
        registry.moveAlias("digits", "champion", 2);
        registry.moveAlias("digits", "challenger", 1);
        assertThat(registry.changes()).isEqualTo(before + 2);
        assertThat(registry.version(new ModelRef.RegistryAlias("digits", "champion")).version()).isEqualTo(2);
        assertThat(registry.history("digits")).extracting(e -> e.kind() + " " + e.alias() + " " + e.fromVersion() + "->" + e.toVersion())
                .containsExactly("REGISTERED null null->1", "ALIAS_MOVED champion null->1", "REGISTERED null null->2",
                        "ALIAS_MOVED champion 1->2", "ALIAS_MOVED challenger null->1");
        assertThatThrownBy(() -> registry.moveAlias("digits", "champion", 9)).isInstanceOf(NotFoundException.class).hasMessageContaining("no version 9");
        assertThatThrownBy(() -> registry.version(new ModelRef.RegistryAlias("digits", "prod"))).isInstanceOf(NotFoundException.class)
                .hasMessageContaining("no alias 'prod'").hasMessageContaining("challenger, champion");
        assertThatThrownBy(() -> registry.version(new ModelRef.RegistryVersion("nothing", "1"))).isInstanceOf(NotFoundException.class)
                .hasMessageContaining("no registered model named 'nothing'");
        registry.removeAlias("digits", "challenger");
        assertThat(registry.model("digits").aliases()).containsOnlyKeys("champion");
    }

    @Test
    void registryReferencesResolveToCheckedFilesAndADamagedArtifactIsRefused() throws Exception {
        ModelVersion v = registry.register(Registration.of("digits", compact(), VersionSource.IMPORT).withAlias("champion"));
        ModelFiles files = registry.resolvers().resolve(ModelRef.parse("digits@champion"));
        assertThat(ArtifactStore.sha256(files.onnx())).isEqualTo(v.sha256());
        assertThat(files.hasCard()).isTrue();
        assertThat(files.hasParams()).isTrue();
        // the object in the bucket is damaged and the local copy is gone: the version is refused, not served
        Path stored = dir.resolve("buckets/models/sha256/" + v.sha256() + "/model.onnx");
        Files.write(stored, "garbage".getBytes());
        deleteRecursively(dir.resolve("cache"));
        assertThatThrownBy(() -> registry.resolvers().resolve(ModelRef.parse("digits:1"))).isInstanceOf(UnprocessableException.class)
                .hasMessageContaining("damaged or was replaced");
    }

    @Test
    void anOnnxFileWithoutACardGetsTheDocumentedDefaultsAndGarbageIsRefusedLeavingNothing() throws Exception {
        ModelVersion external = registry.register(Registration.of("zoo", ModelRef.parse(SharedData.mnist8Onnx().toString()), VersionSource.UPLOAD));
        assertThat(external.card().classNames()).containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        Path junk = dir.resolve("junk.onnx");
        Files.writeString(junk, "not a model");
        assertThatThrownBy(() -> registry.register(Registration.of("junk", ModelRef.parse(junk.toString()), VersionSource.UPLOAD)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("not a loadable ONNX model");
        assertThat(registry.models()).extracting(RegisteredModel::name).containsExactly("zoo");
    }

    @Test
    void statusTagsAndApprovalRequiredByEndpoints() {
        registry.register(Registration.of("digits", compact(), VersionSource.IMPORT).withAlias("champion"));
        EndpointDefinition strict = new EndpointDefinition("strict", List.of(new Variant("a", "digits@champion", 1)), null, null, true);
        assertThatThrownBy(() -> registry.endpoints().create(strict)).isInstanceOf(UnprocessableException.class)
                .hasMessageContaining("approved versions only").hasMessageContaining("pending");
        registry.setStatus("digits", 1, ApprovalStatus.APPROVED);
        assertThat(registry.endpoints().create(strict).revision()).isEqualTo(1);
        ModelVersion tagged = registry.tag("digits", 1, "team", "vision");
        assertThat(tagged.tags()).isEqualTo(Map.of("team", "vision"));
        assertThat(registry.tag("digits", 1, "team", null).tags()).isEmpty();
        assertThatThrownBy(() -> registry.tag("digits", 1, "bad key!", "x")).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void endpointsKeepEveryRevisionAndRollBack() {
        registry.register(Registration.of("digits", compact(), VersionSource.IMPORT).withAlias("champion"));
        registry.register(Registration.of("digits", compact(), VersionSource.IMPORT).withAlias("challenger"));
        long before = registry.changes();
        EndpointDefinition one = EndpointDefinition.single("web", "digits@champion");
        EndpointDefinition split = new EndpointDefinition("web", List.of(Variant.parse("a=digits@champion:90"), Variant.parse("b=digits@challenger:10")),
                Shadow.parse("c=digits:2:25%"), new CaptureSettings(5, "s3://captures/web", Map.of("c", 100.0)), false);
        assertThat(registry.endpoints().create(one).revision()).isEqualTo(1);
        assertThatThrownBy(() -> registry.endpoints().create(one)).isInstanceOf(ConflictException.class);
        EndpointRevision r2 = registry.endpoints().update(split);
        assertThat(r2.revision()).isEqualTo(2);
        assertThat(r2.definition()).isEqualTo(split);
        assertThat(registry.endpoints().get("web").definition().shadow().percent()).isEqualTo(25.0);
        EndpointRevision back = registry.endpoints().rollback("web");
        assertThat(back.revision()).isEqualTo(3);
        assertThat(back.action()).isEqualTo("rollback");
        assertThat(back.definition()).isEqualTo(one);
        assertThat(registry.endpoints().history("web")).extracting(EndpointRevision::action).containsExactly("create", "update", "rollback");
        assertThat(registry.changes()).isEqualTo(before + 3);
        assertThatThrownBy(() -> registry.endpoints().update(EndpointDefinition.single("web", "digits@prod"))).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> registry.endpoints().update(EndpointDefinition.single("nothere", "mnist"))).isInstanceOf(NotFoundException.class);
        // what an endpoint serves cannot be deleted from under it
        assertThatThrownBy(() -> registry.deleteModel("digits")).isInstanceOf(ConflictException.class).hasMessageContaining("endpoint web");
        assertThatThrownBy(() -> registry.removeAlias("digits", "champion")).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> registry.deleteVersion("digits", 2)).isInstanceOf(ConflictException.class).hasMessageContaining("alias challenger");
        registry.endpoints().delete("web");
        assertThat(registry.endpoints().find("web")).isEmpty();
        assertThat(registry.endpoints().history("web")).extracting(EndpointRevision::action).endsWith("delete");
        registry.deleteModel("digits");
        assertThat(registry.models()).isEmpty();
    }

    @Test
    void concurrentRegistrationsOfOneNameGetDistinctVersions() throws Exception {
        String location = store.toString();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Store> stores = new ArrayList<>();
        try {
            List<Future<Integer>> futures = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Store s = Store.open(reopenable());
                stores.add(s);
                ModelRegistry r = registry(s);
                futures.add(pool.submit(() -> r.register(Registration.of("raced", compact(), VersionSource.IMPORT)).version()));
            }
            Set<Integer> versions = new TreeSet<>();
            for (Future<Integer> f : futures) versions.add(f.get());
            assertThat(versions).containsExactly(1, 2, 3, 4);
        } finally {
            pool.shutdown();
            stores.forEach(Store::close);
        }
        assertThat(location).isNotEmpty();
    }

    /** The location of this test's store, for opening it a second time (as another replica would). */
    abstract String reopenable();

    @Test
    void namesThatCouldEscapeAreRefused() {
        for (String bad : List.of("", "../x", "a/b", "a b", "x'; DROP TABLE model_versions; --", "é", "-lead", "a".repeat(65))) {
            assertThatThrownBy(() -> Registration.of(bad, compact(), VersionSource.IMPORT)).as(bad).isInstanceOf(InvalidInputException.class);
        }
        for (String bad : List.of("123", "", "a/b", "x y", "a".repeat(33))) {
            assertThatThrownBy(() -> registry.moveAlias("digits", bad, 1)).as(bad).isInstanceOf(InvalidInputException.class);
        }
        assertThatThrownBy(() -> Variant.parse("nothing")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> Shadow.parse("c=mnist:250%")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> new EndpointDefinition("e", List.of(Variant.parse("a=mnist:0")), null, null, false))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("add up to 0");
    }

    static void deleteRecursively(Path p) throws Exception {
        if (!Files.exists(p)) return;
        try (var walk = Files.walk(p)) {
            for (Path f : walk.sorted(Comparator.reverseOrder()).toList()) Files.delete(f);
        }
    }
}
