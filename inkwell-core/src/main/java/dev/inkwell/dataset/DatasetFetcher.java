package dev.inkwell.dataset;

import dev.inkwell.core.AtomicFiles;
import dev.inkwell.core.InkwellException;
import dev.inkwell.core.InputLocation;
import dev.inkwell.core.InvalidInputException;
import dev.inkwell.core.Progress;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.ZipException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gets a {@link KnownDataset} into a folder, verifying every file's SHA-256 before it appears there: from the
 * public mirrors (tried in order) or from a local folder holding the files (raw or gzip). Files already present
 * and verified are kept.
 */
public final class DatasetFetcher {
    private static final Logger LOG = LoggerFactory.getLogger(DatasetFetcher.class);
    /** No MNIST-like file is larger than this; a mirror sending more is refused. */
    static final long MAX_DOWNLOAD_BYTES = 200L << 20;

    /** A file now in the output folder; {@code origin} is where it came from ("present" when it was already there). */
    public record Fetched(Path file, String sha256, String origin) {
    }

    private DatasetFetcher() {
    }

    /** Copies the dataset's files from {@code from} (each as {@code name} or {@code name.gz}) into {@code outDir}. */
    public static List<Fetched> fromFolder(KnownDataset dataset, Path from, Path outDir, Progress progress) {
        if (!Files.isDirectory(from)) {
            throw new InvalidInputException(InputLocation.file(from.toString()), "not a folder");
        }
        List<Fetched> done = new ArrayList<>();
        progress.start("copying " + dataset.id(), dataset.files().size());
        try {
            for (KnownDataset.File f : dataset.files()) {
                Path source = Files.exists(from.resolve(f.name() + ".gz")) ? from.resolve(f.name() + ".gz") : from.resolve(f.name());
                if (!Files.exists(source)) {
                    throw new InvalidInputException(InputLocation.file(from.resolve(f.name() + ".gz").toString()),
                            "missing: expected " + f.name() + " or " + f.name() + ".gz in " + from);
                }
                Path target = outDir.resolve(source.getFileName().toString());
                Fetched present = alreadyPresent(target, f);
                if (present != null) {
                    done.add(present);
                } else {
                    verify(source, f);
                    AtomicFiles.write(target, out -> Files.copy(source, out));
                    done.add(new Fetched(target, f.sha256(), source.toString()));
                }
                progress.advance(1);
            }
        } finally {
            progress.close();
        }
        return done;
    }

    /** Downloads each file ({@code name.gz}) from the first mirror that serves it with the right content. */
    public static List<Fetched> download(KnownDataset dataset, List<URI> mirrors, Path outDir, HttpClient client, Progress progress) {
        List<Fetched> done = new ArrayList<>();
        for (KnownDataset.File f : dataset.files()) {
            Path target = outDir.resolve(f.name() + ".gz");
            Fetched present = alreadyPresent(target, f);
            if (present != null) {
                done.add(present);
                continue;
            }
            List<String> failures = new ArrayList<>();
            Fetched fetched = null;
            for (URI mirror : mirrors) {
                URI uri = mirror.resolve(f.name() + ".gz");
                try {
                    fetched = downloadOne(uri, f, target, client, progress);
                    break;
                } catch (InkwellException | UncheckedIOException e) {
                    LOG.warn("{}: {}", uri, e.getMessage());
                    failures.add(uri + ": " + e.getMessage());
                }
            }
            if (fetched == null) {
                throw new InkwellException("cannot download " + f.name() + ".gz from any mirror: " + String.join("; ", failures));
            }
            done.add(fetched);
        }
        return done;
    }

    private static Fetched downloadOne(URI uri, KnownDataset.File f, Path target, HttpClient client, Progress progress) {
        Path temp = null;
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
            temp = Files.createTempFile(target.toAbsolutePath().getParent(), "." + target.getFileName() + ".", ".download.part");
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(10)).GET().build();
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw new InkwellException("HTTP " + response.statusCode());
                }
                long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
                progress.start("downloading " + f.name() + ".gz", length);
                try (OutputStream out = Files.newOutputStream(temp)) {
                    byte[] buf = new byte[Inputs.BUFFER];
                    long total = 0;
                    for (int n; (n = body.read(buf)) >= 0; ) {
                        total += n;
                        if (total > MAX_DOWNLOAD_BYTES) throw new InkwellException("more than " + MAX_DOWNLOAD_BYTES + " bytes");
                        out.write(buf, 0, n);
                        progress.advance(n);
                    }
                } finally {
                    progress.close();
                }
            }
            verify(temp, f);
            // the verified download sits beside the target: moving it into place is the atomic write
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            temp = null;
            return new Fetched(target, f.sha256(), uri.toString());
        } catch (InvalidInputException e) {
            throw new InkwellException("wrong content: " + e.problem());
        } catch (IOException e) {
            throw new UncheckedIOException(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InkwellException("interrupted");
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // hidden .part file
                }
            }
        }
    }

    private static Fetched alreadyPresent(Path target, KnownDataset.File f) {
        if (!Files.isRegularFile(target)) return null;
        try {
            if (contentSha256(target).equals(f.sha256())) return new Fetched(target, f.sha256(), "present");
        } catch (InvalidInputException e) {
            // a broken earlier copy: fetched again below
        }
        LOG.info("{} exists but does not verify; fetching it again", target);
        return null;
    }

    private static void verify(Path file, KnownDataset.File f) {
        String actual = contentSha256(file);
        if (!actual.equals(f.sha256())) {
            throw new InvalidInputException(InputLocation.file(file.toString()), "SHA-256 of the content is " + actual
                    + ", expected " + f.sha256() + " for " + f.name());
        }
    }

    /** SHA-256 of the file's content, gunzipped when it is gzip data. */
    public static String contentSha256(Path file) {
        try (InputStream in = new DigestInputStream(Inputs.open(file), MessageDigest.getInstance("SHA-256"))) {
            byte[] buf = new byte[Inputs.BUFFER];
            while (in.read(buf) >= 0) {
                // the digest sees every byte read
            }
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (ZipException | EOFException e) {
            throw new InvalidInputException(InputLocation.file(file.toString()), "corrupt gzip data: " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
