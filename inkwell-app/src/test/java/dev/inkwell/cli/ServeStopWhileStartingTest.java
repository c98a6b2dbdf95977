package dev.inkwell.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A SIGTERM that reaches {@code serve} while it is still starting (Kubernetes stopping a pod early) stops it like
 * one that comes later: the start ends, the server is closed gracefully, and no error is printed. The start is held
 * open by a store that accepts connections and never answers, so the signal lands inside it every time.
 */
class ServeStopWhileStartingTest {

    @Test
    void aSigtermDuringTheStartStopsTheServerGracefully(@TempDir Path home, @TempDir Path logs) throws Exception {
        List<Socket> held = new CopyOnWriteArrayList<>();
        try (ServerSocket silentDatabase = new ServerSocket(0)) {
            Thread.ofPlatform().daemon().start(() -> {
                try {
                    while (true) held.add(silentDatabase.accept()); // never answers PostgreSQL's start-up message
                } catch (IOException closed) {
                    // the test is over
                }
            });
            String store = "jdbc:postgresql://127.0.0.1:" + silentDatabase.getLocalPort()
                    + "/inkwell?user=u&password=p&connectTimeout=3&loginTimeout=3&socketTimeout=3";
            Path log = logs.resolve("serve.log");
            ServeProcess serve = ServeProcess.launch(home, log, List.of("--store", store));
            serve.awaitLog("serves main="); // the models are deployed; the start now waits for the store (3 s)
            assertThat(Files.readString(log)).as("still starting").doesNotContain("serving on http");

            int status = serve.terminate();

            String output = Files.readString(log);
            assertThat(status).as("exit status after SIGTERM; log:%n%s", output).isIn(0, 143);
            assertThat(output).doesNotContain("Shutdown in progress").doesNotContain("inkwell: ");
            assertThat(output).contains("InkwellServer - stopped");
        } finally {
            for (Socket s : held) s.close();
        }
    }
}
