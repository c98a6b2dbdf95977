package dev.inkwell.server;

import dev.inkwell.serving.endpoint.EndpointSpec;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * A server in a JVM of its own, as a second replica is: {@code ServerProcess STORE BUCKETS POLL_MS} starts it on a free
 * port with mnist-compact as its command-line endpoint, prints {@code PORT n}, and stops when its standard input closes.
 */
public final class ServerProcess {
    private ServerProcess() {
    }

    public static void main(String[] args) throws IOException {
        ServerConfig config = ServerConfig.builder(List.of(new EndpointSpec("default", "mnist-compact")))
                .auth(new ServerConfig.Auth("replica-key"))
                .http(ServerConfig.Http.defaults().withAddress("127.0.0.1", 0))
                .store(args[0]).buckets(args[1])
                .build();
        config = config.toBuilder().serving(config.serving().withEndpointPoll(Duration.ofMillis(Long.parseLong(args[2])))).build();
        try (InkwellServer server = InkwellServer.start(config, "replica")) {
            System.out.println("PORT " + server.port());
            System.out.flush();
            while (System.in.read() >= 0) {
                // serve until the parent closes our input (or dies)
            }
        }
    }
}
