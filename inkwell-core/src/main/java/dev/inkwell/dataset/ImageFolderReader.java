package dev.inkwell.dataset;

import dev.inkwell.core.InputLocation;
import dev.inkwell.core.InvalidInputException;
import dev.inkwell.image.ImageLimits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a folder of images (PNG, JPEG, GIF, BMP; searched recursively, in name order), one image at a time.
 * Labels come from the file name's first character (seed 000: {@code 3_anything.png}) or the parent folder
 * ({@code train/3/x.png}), see {@link LabelSource}; a path component {@code train}, {@code test} or {@code t10k}
 * gives the split. Files with other extensions and hidden files are skipped; a file with an image extension that
 * does not decode, or is too large, is an error.
 */
public final class ImageFolderReader implements SampleReader {
    private static final Logger LOG = LoggerFactory.getLogger(ImageFolderReader.class);
    static final Set<String> EXTENSIONS = Set.of("png", "jpg", "jpeg", "gif", "bmp");

    private final Path root;
    private final List<Path> files;
    private final int channels;
    private final LabelSource labels;
    private final ImageLimits limits;
    private int index;

    private ImageFolderReader(Path root, List<Path> files, int channels, LabelSource labels, ImageLimits limits) {
        this.root = root;
        this.files = files;
        this.channels = channels;
        this.labels = labels;
        this.limits = limits;
    }

    /** Lists the images under {@code root}; fails when there are none. */
    public static ImageFolderReader open(Path root, int channels, LabelSource labels, ImageLimits limits) {
        List<Path> files = imageFiles(root);
        if (files.isEmpty()) {
            throw new InvalidInputException(InputLocation.file(root.toString()),
                    "no images found: expected PNG, JPEG, GIF or BMP files in the folder or its subfolders");
        }
        return new ImageFolderReader(root, files, channels, labels, limits);
    }

    /** The image files under {@code root}, sorted by relative path. */
    public static List<Path> imageFiles(Path root) {
        if (!Files.isDirectory(root)) {
            throw new InvalidInputException(InputLocation.file(root.toString()), "not a folder");
        }
        List<Path> found = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(Files::isRegularFile).forEach(p -> {
                if (root.relativize(p).toString().startsWith(".") || p.getFileName().toString().startsWith(".")) return;
                if (isImageName(p)) {
                    found.add(p);
                } else {
                    LOG.debug("skipping {}: not an image file name", p);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            throw new UncheckedIOException("cannot list " + root + ": " + e.getMessage(),
                    e instanceof IOException io ? io : ((UncheckedIOException) e).getCause());
        }
        Collections.sort(found);
        return found;
    }

    static boolean isImageName(Path p) {
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    @Override
    public long expectedCount() {
        return files.size();
    }

    @Override
    public Sample next() {
        if (index >= files.size()) return null;
        Path file = files.get(index++);
        InputLocation where = InputLocation.file(file.toString());
        try {
            long size = Files.size(file);
            if (size > limits.maxBytes()) {
                throw new InvalidInputException(where, "image file is " + size + " bytes: at most " + limits.maxBytes() + " are accepted");
            }
            Integer label = labelOf(file);
            return ImageSamples.decode(Files.readAllBytes(file), file.toString(), channels, limits, label, splitOf(file))
                    .withSourceName(root.relativize(file).toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private Integer labelOf(Path file) {
        String name = file.getFileName().toString();
        Path parent = root.relativize(file).getParent();
        String folder = parent == null ? null : parent.getFileName().toString();
        Integer fromFolder = folder != null && folder.matches("\\d{1,9}") ? Integer.valueOf(folder) : null;
        Integer fromName = Character.isDigit(name.charAt(0)) && name.charAt(0) < 128 ? name.charAt(0) - '0' : null;
        InputLocation where = InputLocation.file(file.toString());
        return switch (labels) {
            case NONE -> null;
            case FILE_NAME -> {
                if (fromName == null) {
                    throw new InvalidInputException(where, "expected the file name to start with its label digit (like 3_anything.png)");
                }
                yield fromName;
            }
            case FOLDER -> {
                if (fromFolder == null) {
                    throw new InvalidInputException(where, "expected the image to be in a folder named by its label (like 3/x.png)");
                }
                yield fromFolder;
            }
            case AUTO -> fromFolder != null ? fromFolder : fromName;
        };
    }

    private String splitOf(Path file) {
        for (Path part : root.relativize(file)) {
            String p = part.toString().toLowerCase(Locale.ROOT);
            if (p.equals("train") || p.equals("training")) return "train";
            if (p.equals("test") || p.equals("testing") || p.equals("t10k")) return "test";
        }
        return "train";
    }

    @Override
    public void close() {
        index = files.size();
    }
}
