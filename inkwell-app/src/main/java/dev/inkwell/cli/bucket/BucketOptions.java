package dev.inkwell.cli.bucket;

import dev.inkwell.bucket.Buckets;
import picocli.CommandLine.Option;

/** Where the buckets are (a picocli mixin): {@code --buckets}, else {@code $INKWELL_BUCKETS}, else the folder default. */
public final class BucketOptions {
    @Option(names = "--buckets", paramLabel = "LOCATION",
            description = "Where the buckets are: a folder, or s3:// for an S3-compatible store (endpoint and keys from INKWELL_S3_ENDPOINT, "
                    + "INKWELL_S3_ACCESS_KEY, … or the AWS chain; or s3://?endpoint=URL) (default: $INKWELL_BUCKETS, else $INKWELL_HOME/buckets).")
    String location;

    private Buckets shared;

    /** Opens the buckets; the caller closes them. */
    public Buckets open() {
        return Buckets.open(location);
    }

    /** The buckets, opened once for the command and closed when it ends ({@link #close()}). */
    public Buckets shared() {
        if (shared == null) shared = open();
        return shared;
    }

    /** Closes what {@link #shared()} opened. */
    public void close() {
        if (shared != null) shared.close();
        shared = null;
    }
}
