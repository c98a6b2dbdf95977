package dev.inkwell.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.inkwell.core.InkwellException;
import dev.inkwell.core.InvalidInputException;
import dev.inkwell.core.Progress;
import dev.inkwell.testing.SharedData;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetFetcherTest {
    @TempDir
    Path dir;

    @Test
    void recordedChecksumsMatchTheSharedCopies() {
        for (KnownDataset d : KnownDataset.values()) {
            Path folder = d == KnownDataset.MNIST ? SharedData.mnist() : SharedData.fashionMnist();
            for (KnownDataset.File f : d.files()) {
                assertThat(DatasetFetcher.contentSha256(folder.resolve(f.name() + ".gz"))).as(f.name()).isEqualTo(f.sha256());
            }
        }
    }

    @Test
    void copiesAndVerifiesALocalFolderThenKeepsVerifiedFiles() {
        Path out = dir.resolve("mnist");
        List<DatasetFetcher.Fetched> first = DatasetFetcher.fromFolder(KnownDataset.MNIST, SharedData.mnist(), out, Progress.NONE);
        assertThat(first).hasSize(4).allMatch(f -> f.origin().startsWith(SharedData.mnist().toString()));
        assertThat(Datasets.open(out).expectedCount()).isEqualTo(70000);
        List<DatasetFetcher.Fetched> again = DatasetFetcher.fromFolder(KnownDataset.MNIST, SharedData.mnist(), out, Progress.NONE);
        assertThat(again).allMatch(f -> f.origin().equals("present"));
    }

    @Test
    void aWrongFileIsRefusedAndNotCopied() throws IOException {
        Path from = dir.resolve("from");
        Files.createDirectories(from);
        for (KnownDataset.File f : KnownDataset.FASHION_MNIST.files()) {
            // MNIST files under Fashion-MNIST names: well-formed, wrong content
            Files.copy(SharedData.mnist().resolve(f.name() + ".gz"), from.resolve(f.name() + ".gz"));
        }
        Path out = dir.resolve("out");
        assertThatThrownBy(() -> DatasetFetcher.fromFolder(KnownDataset.FASHION_MNIST, from, out, Progress.NONE))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("train-images-idx3-ubyte.gz: SHA-256 of the content is ba891046");
        assertThat(Files.exists(out) ? out.toFile().list() : new String[0]).isEmpty();
    }

    @Test
    void missingFilesAreNamed() {
        assertThatThrownBy(() -> DatasetFetcher.fromFolder(KnownDataset.MNIST, dir, dir.resolve("o"), Progress.NONE))
                .hasMessageContaining("train-images-idx3-ubyte.gz").hasMessageContaining("missing");
    }

    @Test
    void downloadsFromTheFirstMirrorServingTheRightContent() throws IOException {
        AtomicInteger badHits = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/broken/", ex -> {
            badHits.incrementAndGet();
            byte[] body = "not the file".getBytes();
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(body);
            }
        });
        server.createContext("/good/", ex -> {
            Path file = SharedData.mnist().resolve(Path.of(ex.getRequestURI().getPath()).getFileName().toString());
            if (!Files.exists(file)) {
                ex.sendResponseHeaders(404, -1);
                ex.close();
                return;
            }
            ex.sendResponseHeaders(200, Files.size(file));
            try (OutputStream o = ex.getResponseBody()) {
                Files.copy(file, o);
            }
        });
        server.start();
        try (HttpClient client = HttpClient.newHttpClient()) {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            Path out = dir.resolve("dl");
            List<DatasetFetcher.Fetched> got = DatasetFetcher.download(KnownDataset.MNIST,
                    List.of(URI.create(base + "/missing/"), URI.create(base + "/broken/"), URI.create(base + "/good/")), out, client, Progress.NONE);
            assertThat(got).hasSize(4).allMatch(f -> f.origin().startsWith(base + "/good/"));
            assertThat(badHits.get()).isEqualTo(4);
            assertThat(out.toFile().list()).containsExactlyInAnyOrder("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
                    "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz");
            Path failing = dir.resolve("fail");
            assertThatThrownBy(() -> DatasetFetcher.download(KnownDataset.MNIST, List.of(URI.create(base + "/broken/")), failing, client, Progress.NONE))
                    .isInstanceOf(InkwellException.class).hasMessageContaining("wrong content");
            assertThat(Files.exists(failing) ? failing.toFile().list() : new String[0]).isEmpty();
        } finally {
            server.stop(0);
        }
    }
}
