package dev.inkwell.functions.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inkwell.bucket.ETags;
import dev.inkwell.bucket.ObjectContent;
import dev.inkwell.core.AtomicFiles;
import dev.inkwell.core.InkwellHome;
import dev.inkwell.core.Json;
import dev.inkwell.functions.FunctionFailure;
import dev.inkwell.image.GrayImage;
import dev.inkwell.inference.ModelCard;
import dev.inkwell.inference.ModelCards;
import dev.inkwell.inference.OnnxImageClassifier;
import dev.inkwell.serving.endpoint.EndpointRegistry;
import dev.inkwell.serving.endpoint.ModelEndpoint;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stop-gap {@link ModelDeployer} until the model registry lands, and what seed 001 does: the uploaded
 * {@code .onnx} replaces the model file the endpoint serves, and the endpoint loads it again. The upload is checked
 * first (it must load, with the card uploaded beside it as {@code NAME.card.json}, else the endpoint's card, and read
 * a blank picture); the replaced file stays as {@code FILE.previous}; an endpoint serving a bundled model is left alone
 * (start it from a file: {@code --model NAME=PATH.onnx}). Only the process that runs the upload reloads: on a cluster,
 * the model registry is the way.
 */
public final class EndpointFileDeployer implements ModelDeployer {
    private static final Logger LOG = LoggerFactory.getLogger(EndpointFileDeployer.class);
    private static final long MAX_MODEL_BYTES = 2L << 30;
    private final EndpointRegistry endpoints;

    public EndpointFileDeployer(EndpointRegistry endpoints) {
        this.endpoints = endpoints;
    }

    @Override
    public synchronized JsonNode deploy(ModelUpload upload) throws FunctionFailure {
        ModelEndpoint current = endpoints.get(upload.endpoint());
        Path target = Path.of(current.source()).toAbsolutePath();
        if (target.startsWith(InkwellHome.path().toAbsolutePath().resolve("cache"))) {
            throw new FunctionFailure(FunctionFailure.CONFLICT, "endpoint " + upload.endpoint() + " serves the bundled model "
                    + current.card().name() + ", which an upload cannot replace: start it from a file (serve --model "
                    + upload.endpoint() + "=PATH.onnx) to let uploads replace that file", false);
        }
        Path staged = target.resolveSibling("." + target.getFileName() + ".upload");
        Path stagedCard = target.resolveSibling("." + target.getFileName() + ".upload-card.json");
        try {
            String md5 = download(upload, upload.key(), staged);
            String cardKey = cardKey(upload.key());
            boolean withCard = upload.bucket().exists(cardKey);
            if (withCard) download(upload, cardKey, stagedCard);
            if (md5.equals(md5(target)) && !withCard) {
                return answer(upload, current, "already serving it", null);
            }
            Path cardFile = withCard ? stagedCard : ModelCards.besideModel(target);
            check(upload, staged, cardFile);
            Path previous = target.resolveSibling(target.getFileName() + ".previous");
            Files.copy(target, previous, StandardCopyOption.REPLACE_EXISTING);
            if (withCard) Files.move(stagedCard, target.resolveSibling(stem(target) + ".card.json"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Files.move(staged, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            ModelEndpoint reloaded = endpoints.reload(upload.endpoint());
            LOG.info("endpoint {} now serves {} from s3://{}/{} ({} kept as {})", upload.endpoint(), reloaded.card().name(),
                    upload.bucket().name(), upload.key(), target.getFileName(), previous.getFileName());
            return answer(upload, reloaded, "replaced", previous);
        } catch (IOException e) {
            throw new FunctionFailure(FunctionFailure.UNAVAILABLE, "cannot install s3://" + upload.bucket().name() + "/" + upload.key()
                    + " as " + target + ": " + e.getMessage(), true, null, e);
        } finally {
            deleteQuietly(staged);
            deleteQuietly(stagedCard);
        }
    }

    /** {@code models/digits.onnx} → {@code models/digits.card.json}. */
    static String cardKey(String key) {
        return key.substring(0, key.length() - ".onnx".length()) + ".card.json";
    }

    private static String stem(Path model) {
        String name = model.getFileName().toString();
        return name.endsWith(".onnx") ? name.substring(0, name.length() - 5) : name;
    }

    /** Copies the object to {@code file}; returns its MD5 (hex). */
    private static String download(ModelUpload upload, String key, Path file) {
        MessageDigest md5 = ETags.md5();
        try (ObjectContent content = upload.bucket().get(key)) {
            if (content.length() > MAX_MODEL_BYTES) throw new IOException(key + " is " + content.length() + " bytes: larger than any model served here");
            AtomicFiles.write(file, out -> {
                try (InputStream in = new DigestInputStream(content.stream(), md5)) {
                    in.transferTo(out);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read s3://" + upload.bucket().name() + "/" + key + ": " + e.getMessage(), e);
        }
        return ETags.hex(md5.digest());
    }

    private static String md5(Path file) throws IOException {
        MessageDigest md5 = ETags.md5();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), md5)) {
            in.transferTo(OutputStreamSink.INSTANCE);
        }
        return ETags.hex(md5.digest());
    }

    /** The upload must load and read a blank picture before it replaces anything. */
    private static void check(ModelUpload upload, Path staged, Path cardFile) throws FunctionFailure {
        try {
            ModelCard card = cardFile == null ? null : ModelCards.read(cardFile);
            try (OnnxImageClassifier model = OnnxImageClassifier.load(staged, card, 1)) {
                ModelCard c = model.card();
                model.classify(new GrayImage(c.inputWidth(), c.inputHeight(), new float[c.inputWidth() * c.inputHeight()]));
            }
        } catch (RuntimeException e) {
            throw new FunctionFailure(FunctionFailure.INVALID_INPUT, "s3://" + upload.bucket().name() + "/" + upload.key()
                    + " is not a model endpoint " + upload.endpoint() + " can serve: " + e.getMessage(), false, null, e);
        }
    }

    private static JsonNode answer(ModelUpload upload, ModelEndpoint ep, String what, Path previous) {
        ObjectNode out = Json.mapper().createObjectNode();
        out.put("bucket", upload.bucket().name());
        out.put("key", upload.key());
        out.put("endpoint", ep.name());
        out.put("model", ep.card().name());
        out.put("source", ep.source());
        out.put("action", what);
        if (previous != null) out.put("previous", previous.toString());
        out.put("loaded_at", ep.loadedAt().toString());
        return out;
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.debug("cannot delete {}: {}", file, e.toString());
        }
    }

    /** Discards bytes (hashing a file needs only the digest). */
    private static final class OutputStreamSink extends java.io.OutputStream {
        static final OutputStreamSink INSTANCE = new OutputStreamSink();

        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }
    }
}
