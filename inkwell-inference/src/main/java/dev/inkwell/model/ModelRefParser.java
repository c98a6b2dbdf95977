package dev.inkwell.model;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The one grammar of {@link ModelRef}; see there. Never throws anything but {@link InvalidModelRefException}. */
final class ModelRefParser {
    /** Registry names and aliases: what a URL path segment, a file name and a log line all take without quoting. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    /** Versions may also hold ':' and '+' (an ISO instant, a build tag). */
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:+-]{0,127}");
    private static final Pattern URL = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*)://(.*)", Pattern.DOTALL);
    /** S3's rules for bucket names (3–63 lower-case letters, digits, dots and hyphens). */
    private static final Pattern S3_BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final int MAX_LENGTH = 4096;
    private static final String SYNTAX = "expected a bundled model (" + String.join(", ", BundledModels.NAMES)
            + "), a path, NAME@ALIAS, NAME:VERSION or s3://BUCKET/KEY";

    private ModelRefParser() {
    }

    /** @param baseDir absolute folder relative paths are written against; null for the working directory (paths kept as written) */
    static ModelRef parse(String text, Path baseDir) {
        if (text == null || text.isBlank()) throw invalid("the model reference is empty: " + SYNTAX);
        if (text.length() > MAX_LENGTH) throw invalid("the model reference is " + text.length() + " characters long, more than " + MAX_LENGTH);
        if (text.chars().anyMatch(Character::isISOControl)) {
            throw invalid("the model reference " + quote(text) + " contains a control character");
        }
        Matcher url = URL.matcher(text);
        if (url.matches()) return url(text, url.group(1).toLowerCase(Locale.ROOT), url.group(2));
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.startsWith("bundled:")) return bundled(text.substring("bundled:".length()));
        if (lower.startsWith("file:")) return path(text, text.substring("file:".length()), baseDir);
        if (lower.startsWith("registry:")) {
            ModelRef.Registry ref = registry(text.substring("registry:".length()));
            if (ref == null) {
                throw invalid(quote(text) + " is not a registry reference: expected registry:NAME@ALIAS or registry:NAME:VERSION "
                        + "(names and aliases of letters, digits, '.', '_' and '-')");
            }
            return ref;
        }
        return bare(text, baseDir);
    }

    private static ModelRef url(String text, String scheme, String rest) {
        switch (scheme) {
            case "s3" -> {
                int slash = rest.indexOf('/');
                String bucket = slash < 0 ? rest : rest.substring(0, slash);
                String key = slash < 0 ? "" : rest.substring(slash + 1);
                if (!S3_BUCKET.matcher(bucket).matches() || key.isEmpty()) {
                    throw invalid(quote(text) + " is not an object reference: expected s3://BUCKET/KEY (a bucket name of 3-63 "
                            + "lower-case letters, digits, '.' and '-', then the key of a model folder or .onnx file)");
                }
                return new ModelRef.S3Object(bucket, key);
            }
            case "file" -> {
                if (!rest.startsWith("/")) throw invalid(quote(text) + " names a host: write file:/PATH or file:PATH");
                return path(text, rest, null);
            }
            default -> throw invalid("unsupported scheme " + scheme + ":// in " + quote(text) + ": " + SYNTAX);
        }
    }

    private static ModelRef bundled(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (!BundledModels.NAMES.contains(lower)) {
            throw invalid("there is no bundled model " + quote(name) + ": the bundled models are " + String.join(", ", BundledModels.NAMES));
        }
        return new ModelRef.Bundled(lower);
    }

    private static ModelRef path(String text, String path, Path baseDir) {
        if (path.isEmpty()) throw invalid(quote(text) + " names no path");
        try {
            Path p = Path.of(path);
            return new ModelRef.LocalPath(baseDir == null || p.isAbsolute() ? p : baseDir.resolve(p).normalize());
        } catch (InvalidPathException e) {
            throw invalid(quote(text) + " is not a valid path: " + e.getReason());
        }
    }

    /** NAME@ALIAS or NAME:VERSION; null when {@code text} is neither. */
    private static ModelRef.Registry registry(String text) {
        int at = text.indexOf('@');
        int colon = text.indexOf(':');
        if (at >= 0 && (colon < 0 || at < colon)) {
            String name = text.substring(0, at);
            String alias = text.substring(at + 1);
            return NAME.matcher(name).matches() && NAME.matcher(alias).matches() ? new ModelRef.RegistryAlias(name, alias) : null;
        }
        if (colon >= 0) {
            String name = text.substring(0, colon);
            String version = text.substring(colon + 1);
            return NAME.matcher(name).matches() && VERSION.matcher(version).matches() ? new ModelRef.RegistryVersion(name, version) : null;
        }
        return null;
    }

    private static ModelRef bare(String text, Path baseDir) {
        if (looksLikePath(text)) return path(text, text, baseDir);
        Path existing = existing(text, baseDir);
        if (text.indexOf('@') >= 0 || text.indexOf(':') >= 0) {
            ModelRef.Registry ref = registry(text);
            if (ref == null) {
                if (existing != null) return path(text, text, baseDir);
                throw invalid(quote(text) + " is not a model reference: " + SYNTAX + " (write ./" + escape(text) + " for a file)");
            }
            if (existing != null) throw ambiguous(text, "a registry reference", "registry:" + text, existing, baseDir);
            return ref;
        }
        String lower = text.toLowerCase(Locale.ROOT);
        if (BundledModels.NAMES.contains(lower)) {
            if (existing != null) throw ambiguous(text, "a bundled model", "bundled:" + lower, existing, baseDir);
            return new ModelRef.Bundled(lower);
        }
        return path(text, text, baseDir);
    }

    private static boolean looksLikePath(String text) {
        return text.indexOf('/') >= 0 || text.indexOf('\\') >= 0 || text.startsWith(".") || text.startsWith("~")
                || text.toLowerCase(Locale.ROOT).endsWith(".onnx");
    }

    /** The file or folder {@code name} in {@code baseDir} (the working directory when null), or null. */
    private static Path existing(String name, Path baseDir) {
        try {
            Path p = baseDir == null ? Path.of(name) : baseDir.resolve(name);
            return Files.exists(p) ? p : null;
        } catch (InvalidPathException e) {
            return null;
        }
    }

    private static InvalidModelRefException ambiguous(String text, String what, String explicit, Path existing, Path baseDir) {
        String kind = Files.isDirectory(existing) ? "the folder " : "the file ";
        String where = baseDir == null ? "./" + text : existing.toString();
        return invalid(quote(text) + " is both " + what + " and " + kind + escape(where) + ": write " + escape(explicit)
                + " or ./" + escape(text));
    }

    /** {@code text} quoted for a one-line message. */
    private static String quote(String text) {
        return "'" + escape(text) + "'";
    }

    /** {@code text} shortened, with control characters and line breaks escaped. */
    private static String escape(String text) {
        String shown = text.length() > 120 ? text.substring(0, 120) + "…" : text;
        StringBuilder b = new StringBuilder();
        shown.codePoints().forEach(c -> {
            if (Character.isISOControl(c) || c == 0x2028 || c == 0x2029) b.append(String.format("\\u%04x", c));
            else b.appendCodePoint(c);
        });
        return b.toString();
    }

    private static InvalidModelRefException invalid(String message) {
        return new InvalidModelRefException(message);
    }
}
