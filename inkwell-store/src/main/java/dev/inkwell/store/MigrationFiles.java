package dev.inkwell.store;

import java.io.IOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The versions of the migration files on the class path ({@code V<N>__<what>.sql}), listed without Flyway: starting
 * Flyway costs a few hundred milliseconds of a command's start, and most opens only need to see that the store is
 * up to date. Folders in directories and jars are listed; anything else answers "unknown" and the caller asks Flyway.
 */
final class MigrationFiles {
    private static final Pattern VERSIONED = Pattern.compile("V(\\d{1,9})__[^/]+\\.sql");

    private MigrationFiles() {
    }

    /** The versions in {@code folders} (class-path resource folders), or empty when one cannot be listed. */
    static Optional<SortedSet<Integer>> versions(ClassLoader loader, List<String> folders) {
        SortedSet<Integer> versions = new TreeSet<>();
        try {
            for (String folder : folders) {
                for (URL url : Collections.list(loader.getResources(folder))) {
                    List<String> names = switch (url.getProtocol()) {
                        case "file" -> inDirectory(Path.of(url.toURI()));
                        case "jar" -> inJar(url, folder);
                        default -> null;
                    };
                    if (names == null) return Optional.empty();
                    for (String name : names) {
                        Matcher m = VERSIONED.matcher(name);
                        if (m.matches()) versions.add(Integer.parseInt(m.group(1)));
                    }
                }
            }
        } catch (IOException | URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
        return versions.isEmpty() ? Optional.empty() : Optional.of(versions);
    }

    private static List<String> inDirectory(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }

    private static List<String> inJar(URL url, String folder) throws IOException {
        JarURLConnection connection = (JarURLConnection) url.openConnection();
        connection.setUseCaches(false); // our own JarFile, closed below, rather than the shared cached one
        String prefix = folder.endsWith("/") ? folder : folder + "/";
        try (JarFile jar = connection.getJarFile()) {
            return jar.stream().map(JarEntry::getName)
                    .filter(n -> n.startsWith(prefix) && n.indexOf('/', prefix.length()) < 0)
                    .map(n -> n.substring(prefix.length()))
                    .toList();
        }
    }
}
