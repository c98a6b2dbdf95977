package dev.inkwell.dataset;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * Datasets {@code inkwell datasets fetch} knows: where to download them and the SHA-256 of each file's
 * uncompressed content (so a gzip file recompressed by a mirror still verifies).
 */
public enum KnownDataset {
    MNIST("mnist", List.of(
            URI.create("https://ossci-datasets.s3.amazonaws.com/mnist/"),
            URI.create("https://storage.googleapis.com/cvdf-datasets/mnist/")),
            List.of(
                    new File("train-images-idx3-ubyte", "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db"),
                    new File("train-labels-idx1-ubyte", "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5"),
                    new File("t10k-images-idx3-ubyte", "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7"),
                    new File("t10k-labels-idx1-ubyte", "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2"))),
    FASHION_MNIST("fashion-mnist", List.of(
            URI.create("https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/fashion/"),
            URI.create("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/")),
            List.of(
                    new File("train-images-idx3-ubyte", "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888"),
                    new File("train-labels-idx1-ubyte", "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9"),
                    new File("t10k-images-idx3-ubyte", "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b"),
                    new File("t10k-labels-idx1-ubyte", "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34")));

    /** One file: its name without {@code .gz} and the SHA-256 of its uncompressed bytes. */
    public record File(String name, String sha256) {
    }

    private final String id;
    private final List<URI> mirrors;
    private final List<File> files;

    KnownDataset(String id, List<URI> mirrors, List<File> files) {
        this.id = id;
        this.mirrors = mirrors;
        this.files = files;
    }

    public String id() {
        return id;
    }

    public List<URI> mirrors() {
        return mirrors;
    }

    public List<File> files() {
        return files;
    }

    public static KnownDataset byId(String id) {
        for (KnownDataset d : values()) {
            if (d.id.equals(id.toLowerCase(Locale.ROOT))) return d;
        }
        throw new IllegalArgumentException("unknown dataset '" + id + "': expected mnist or fashion-mnist");
    }
}
