package dev.inkwell.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for tests: Debian's postgresql package (see .ci/apt-packages), a fresh cluster in a temp
 * folder, a free port, fsync off. PostgreSQL refuses to run as root, so under root it runs as the package's
 * {@code postgres} user. {@code INKWELL_PG_BIN} points at another bin folder.
 */
public final class PostgresServer implements AutoCloseable {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static PostgresServer shared;
    private final Path dir;
    private final Process server;
    private final int port;

    private PostgresServer(Path dir, Process server, int port) {
        this.dir = dir;
        this.server = server;
        this.port = port;
    }

    /**
     * One server for every test class of this JVM (starting one costs seconds), stopped when the JVM exits; each
     * test still gets its own database ({@link #newDatabase}).
     */
    public static synchronized PostgresServer shared() throws Exception {
        if (shared == null) {
            PostgresServer server = start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.close();
                } catch (Exception ignored) {
                    // the JVM is exiting; the temp folder goes with the next reboot at worst
                }
            }));
            shared = server;
        }
        return shared;
    }

    public static PostgresServer start() throws Exception {
        Path bin = binFolder();
        Path dir = Files.createTempDirectory("inkwell-pg");
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) {
            UserPrincipal postgres = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
            for (Path p : List.of(dir, data)) Files.setOwner(p, postgres);
        }
        run(root, bin.resolve("initdb").toString(), "-D", data.toString(), "-A", "trust", "-U", "inkwell",
                "-E", "UTF8", "--no-sync", "--no-instructions");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> cmd = command(root, bin.resolve("postgres").toString(), "-D", data.toString(), "-p", Integer.toString(port),
                "-k", dir.toString(), "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "synchronous_commit=off",
                "-c", "full_page_writes=off");
        Process server = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile()).start();
        PostgresServer pg = new PostgresServer(dir, server, port);
        pg.awaitReady(Duration.ofSeconds(30));
        return pg;
    }

    public String url() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=inkwell";
    }

    /** A fresh empty database on this server, so tests do not see each other's rows. */
    public String newDatabase(String name) throws Exception {
        name = name + "_" + DATABASES.incrementAndGet();
        try (var c = DriverManager.getConnection(url()); var st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        }
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + name + "?user=inkwell";
    }

    private void awaitReady(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) throw new IllegalStateException("postgres exited: " + Files.readString(dir.resolve("server.log")));
            try (var c = DriverManager.getConnection(url())) {
                return;
            } catch (Exception e) {
                last = e;
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("postgres did not accept connections in " + timeout + ": " + last);
    }

    private static Path binFolder() throws IOException {
        String env = System.getenv("INKWELL_PG_BIN");
        if (env != null && !env.isBlank()) return Path.of(env);
        Path root = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(root)) {
            try (Stream<Path> versions = Files.list(root)) {
                var newest = versions.filter(v -> Files.isExecutable(v.resolve("bin/initdb")))
                        .max(Comparator.comparingInt(v -> Integer.parseInt(v.getFileName().toString().replaceAll("\\D", "0"))));
                if (newest.isPresent()) return newest.get().resolve("bin");
            }
        }
        throw new IllegalStateException("PostgreSQL server binaries not found under /usr/lib/postgresql: install Debian's "
                + "postgresql package (listed in .ci/apt-packages) or set INKWELL_PG_BIN");
    }

    private static List<String> command(boolean root, String... args) {
        List<String> cmd = new ArrayList<>();
        if (root) cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static void run(boolean root, String... args) throws Exception {
        Process p = new ProcessBuilder(command(root, args)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IllegalStateException(String.join(" ", args) + " failed: " + out);
    }

    @Override
    public void close() throws Exception {
        server.destroy(); // SIGTERM: PostgreSQL's smart shutdown
        if (!server.waitFor(20, TimeUnit.SECONDS)) server.destroyForcibly().waitFor();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
