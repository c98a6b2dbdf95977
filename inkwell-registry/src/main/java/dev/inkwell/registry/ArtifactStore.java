package dev.inkwell.registry;

import dev.inkwell.bucket.Bucket;
import dev.inkwell.bucket.ObjectContent;
import dev.inkwell.bucket.PutOptions;
import dev.inkwell.core.AtomicFiles;
import dev.inkwell.core.InkwellException;
import dev.inkwell.core.NotFoundException;
import dev.inkwell.core.UnprocessableException;
import dev.inkwell.model.ModelFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A registered version's files in a bucket, addressed by the SHA-256 of the ONNX file: {@code sha256/HEX/model.onnx},
 * its card and parameters, and the report files training wrote beside them. The same network registered twice is
 * stored once. Downloads land in a local cache, verified against the address before use, so a damaged or replaced
 * object is refused instead of served.
 */
final class ArtifactStore {
    static final String DEFAULT_BUCKET = "models";
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");
    /** What training and fine-tuning write beside a model that the registry keeps with it (curves, test report). */
    private static final Pattern REPORT = Pattern.compile("history\\.json|training-curves\\.png|test-(metrics\\.json|report\\.txt|"
            + "confusion\\.png|mistakes\\.png)|finetune-metrics\\.json|training-command\\.txt");

    private final Bucket bucket;
    private final Path cache;

    ArtifactStore(Bucket bucket, Path cache) {
        this.bucket = bucket;
        this.cache = cache;
    }

    String bucketName() {
        return bucket.name();
    }

    /** The SHA-256 of a file, lower-case hex. */
    static String sha256(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest())) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stores {@code files} (with {@code cardJson} as the card) and the report files beside them; returns the artifact prefix. */
    String upload(String sha, ModelFiles files, byte[] cardJson, List<Path> reports) {
        String prefix = prefix(sha);
        Optional<Long> existing = bucket.find(prefix + ModelFiles.ONNX).map(i -> i.size());
        try {
            if (existing.isEmpty() || existing.get() != Files.size(files.onnx())) {
                bucket.put(prefix + ModelFiles.ONNX, files.onnx(), PutOptions.none().withContentType("application/octet-stream"));
            }
            if (files.hasParams()) bucket.put(prefix + ModelFiles.PARAMS, files.params(), PutOptions.none().withContentType("application/octet-stream"));
            for (Path report : reports) {
                bucket.put(prefix + "report/" + report.getFileName(), report, PutOptions.none());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + files.onnx(), e);
        }
        bucket.put(prefix + ModelFiles.CARD, cardJson, "application/json");
        return bucket.name() + "/" + prefix;
    }

    /** The report files training wrote in {@code folder} (and its {@code report/}), if any. */
    static List<Path> reportsIn(Path folder) {
        List<Path> out = new ArrayList<>();
        for (Path dir : List.of(folder, folder.resolve("report"))) {
            if (!Files.isDirectory(dir)) continue;
            try (Stream<Path> files = Files.list(dir)) {
                files.filter(Files::isRegularFile).filter(f -> REPORT.matcher(f.getFileName().toString()).matches()).sorted().forEach(out::add);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + dir, e);
            }
        }
        return out;
    }

    /**
     * The version's files in the local cache, downloaded and checked against {@code sha} when not there yet.
     *
     * @throws UnprocessableException when the stored network no longer has that SHA-256 (damaged or replaced)
     */
    ModelFiles fetch(String label, String sha) {
        if (!HEX.matcher(sha).matches()) throw new IllegalArgumentException("not a SHA-256: " + sha);
        Path dir = cache.resolve(sha);
        ModelFiles files = ModelFiles.in(dir);
        Path verified = dir.resolve(".verified");
        if (Files.isRegularFile(verified) && Files.isRegularFile(files.onnx())) return files;
        String prefix = prefix(sha);
        download(label, prefix + ModelFiles.ONNX, files.onnx(), true);
        String got = sha256(files.onnx());
        if (!got.equals(sha)) {
            try {
                Files.deleteIfExists(files.onnx());
            } catch (IOException e) {
                // left for the next attempt to overwrite
            }
            throw new UnprocessableException(label + ": the stored model file is damaged or was replaced (its SHA-256 is "
                    + got.substring(0, 12) + "…, registered as " + sha.substring(0, 12) + "…); register it again");
        }
        download(label, prefix + ModelFiles.CARD, files.card(), true);
        download(label, prefix + ModelFiles.PARAMS, files.params(), false);
        AtomicFiles.write(verified, out -> out.write(sha.getBytes()));
        return files;
    }

    /** The report files stored with a version: file name → bucket key. */
    Map<String, String> reports(String sha) {
        String prefix = prefix(sha) + "report/";
        return bucket.objects(prefix).collect(Collectors.toMap(o -> o.key().substring(prefix.length()), o -> o.key(),
                (a, b) -> a, TreeMap::new));
    }

    /** One stored report file's bytes. */
    byte[] report(String sha, String file) {
        if (!REPORT.matcher(file).matches()) throw new NotFoundException("no report file '" + file + "'");
        try (ObjectContent c = bucket.get(prefix(sha) + "report/" + file)) {
            return c.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void download(String label, String key, Path target, boolean required) {
        if (!required && !bucket.exists(key)) return;
        try (ObjectContent c = bucket.get(key)) {
            AtomicFiles.write(target, c::transferTo);
        } catch (NotFoundException e) {
            throw new NotFoundException(label + ": its files are gone from bucket " + bucket.name() + " (" + key + ")", e);
        } catch (IOException e) {
            throw new InkwellException(label + ": cannot download " + key + " from bucket " + bucket.name() + ": " + e.getMessage(), e);
        }
    }

    private static String prefix(String sha) {
        return "sha256/" + sha + "/";
    }
}
