package dev.inkwell.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WarmupHttpTest {
    @Test
    void asksTheServersOwnHealthCheckOnceAndReadsTheAnswer() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<List<String>> head = CompletableFuture.supplyAsync(() -> {
                try (Socket s = server.accept()) {
                    BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
                    List<String> lines = new ArrayList<>();
                    for (String line; (line = in.readLine()) != null && !line.isEmpty(); ) lines.add(line);
                    s.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok".getBytes(StandardCharsets.US_ASCII));
                    return lines;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            // the wildcard address a server listens on is reached through the loopback
            Warmup.http("0.0.0.0", server.getLocalPort());
            List<String> lines = head.get(10, TimeUnit.SECONDS);
            assertThat(lines.get(0)).isEqualTo("GET /healthcheck HTTP/1.1");
            assertThat(lines).contains("Host: 127.0.0.1:" + server.getLocalPort(), "Connection: close");
        }
    }

    @Test
    void aServerThatCannotBeReachedOnlyCostsTheWarmUp() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        assertThatCode(() -> Warmup.http("127.0.0.1", closed)).doesNotThrowAnyException();
        // one that accepts and never answers: given up after the read timeout
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            long t0 = System.nanoTime();
            assertThatCode(() -> Warmup.http("127.0.0.1", silent.getLocalPort())).doesNotThrowAnyException();
            assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0)).isLessThan(30);
        }
    }
}
