package dev.inkwell.cli.bucket;

import dev.inkwell.bucket.BucketNames;
import dev.inkwell.core.InvalidInputException;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** {@code s3://BUCKET/KEY} as the aws CLI writes it: an Inkwell bucket, whatever its backend, and a key or prefix. */
record S3Uri(String bucket, String key) {
    private static final String SCHEME = "s3://";

    static boolean is(String argument) {
        return argument.toLowerCase(Locale.ROOT).startsWith(SCHEME);
    }

    /** Parses an argument; a malformed one is a usage error (exit 2). */
    static S3Uri parse(CommandSpec spec, String argument) {
        String rest = argument.substring(SCHEME.length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String key = slash < 0 ? "" : rest.substring(slash + 1);
        if (bucket.isEmpty()) throw new CommandLine.ParameterException(spec.commandLine(), argument + ": no bucket (s3://BUCKET/KEY)");
        try {
            BucketNames.check(bucket);
        } catch (InvalidInputException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        return new S3Uri(bucket, key);
    }

    /** Names a folder of keys rather than one object: no key, or one ending in "/". */
    boolean isFolder() {
        return key.isEmpty() || key.endsWith("/");
    }

    /** The key as a prefix of keys below it: "" or ending in "/". */
    String folderPrefix() {
        return key.isEmpty() || key.endsWith("/") ? key : key + "/";
    }

    S3Uri withKey(String k) {
        return new S3Uri(bucket, k);
    }

    @Override
    public String toString() {
        return SCHEME + bucket + "/" + key;
    }
}
