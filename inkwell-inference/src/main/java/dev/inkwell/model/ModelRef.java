package dev.inkwell.model;

import java.nio.file.Path;

/**
 * What a user writes to name a model, parsed once for every command, config file and module. The syntax:
 *
 * <ul>
 *   <li>{@code mnist} — a bundled model by name; {@code bundled:mnist} says so explicitly</li>
 *   <li>a path: a folder holding {@code model.onnx}, or an {@code .onnx} file with its card beside it; anything with a
 *       {@code /}, starting with {@code .} or ending in {@code .onnx} is a path, {@code file:PATH} always is</li>
 *   <li>{@code registry:NAME@ALIAS} or {@code NAME@ALIAS}, {@code registry:NAME:VERSION} or {@code NAME:VERSION} — a model
 *       in the model registry</li>
 *   <li>{@code s3://BUCKET/KEY} — a model folder (or {@code .onnx} file) in object storage</li>
 * </ul>
 *
 * A bare word that is both a bundled name and a file or folder is refused as ambiguous, naming both spellings. Each
 * variant has a {@link #scheme()}; a {@link ModelResolver} registered for that scheme turns it into {@link ModelFiles}.
 * {@link #toString()} is the canonical spelling, which parses back to an equal reference.
 */
public sealed interface ModelRef permits ModelRef.Bundled, ModelRef.LocalPath, ModelRef.Registry, ModelRef.S3Object {
    /** The model Inkwell uses when none is named. */
    ModelRef DEFAULT = new Bundled(BundledModels.DEFAULT);

    /** The scheme that picks the resolver: {@code bundled}, {@code file}, {@code registry} or {@code s3}. */
    String scheme();

    /**
     * Parses {@code text} against the working directory: relative paths stay relative, and a bare bundled name is
     * checked against the working directory's files.
     *
     * @throws InvalidModelRefException with a one-line message when the text is no model reference or is ambiguous
     */
    static ModelRef parse(String text) {
        return ModelRefParser.parse(text, null);
    }

    /**
     * Parses {@code text} written in a file whose folder is {@code baseDir} (a serve config file): relative paths are
     * resolved against {@code baseDir}, and a bare bundled name is checked against the files there.
     */
    static ModelRef parse(String text, Path baseDir) {
        return ModelRefParser.parse(text, baseDir.toAbsolutePath().normalize());
    }

    /** A model bundled in the program, by its lower-case name. */
    record Bundled(String name) implements ModelRef {
        public Bundled {
            if (!BundledModels.NAMES.contains(name)) throw new IllegalArgumentException("not a bundled model: " + name);
        }

        @Override
        public String scheme() {
            return "bundled";
        }

        @Override
        public String toString() {
            return "bundled:" + name;
        }
    }

    /** A model folder or {@code .onnx} file on the local file system. */
    record LocalPath(Path path) implements ModelRef {
        @Override
        public String scheme() {
            return "file";
        }

        @Override
        public String toString() {
            return "file:" + path;
        }
    }

    /** A model in the model registry, by alias or by version. */
    sealed interface Registry extends ModelRef permits RegistryAlias, RegistryVersion {
        String name();

        @Override
        default String scheme() {
            return "registry";
        }
    }

    /** {@code registry:NAME@ALIAS}: the version the alias (e.g. {@code prod}) points at when resolved. */
    record RegistryAlias(String name, String alias) implements Registry {
        @Override
        public String toString() {
            return "registry:" + name + "@" + alias;
        }
    }

    /** {@code registry:NAME:VERSION}: one registered version. */
    record RegistryVersion(String name, String version) implements Registry {
        @Override
        public String toString() {
            return "registry:" + name + ":" + version;
        }
    }

    /** {@code s3://BUCKET/KEY}: a model folder or {@code .onnx} object in an S3-compatible store. */
    record S3Object(String bucket, String key) implements ModelRef {
        @Override
        public String scheme() {
            return "s3";
        }

        @Override
        public String toString() {
            return "s3://" + bucket + "/" + key;
        }
    }
}
