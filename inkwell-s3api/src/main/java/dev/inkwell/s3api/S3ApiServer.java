package dev.inkwell.s3api;

import dev.inkwell.bucket.Buckets;
import dev.inkwell.core.InkwellException;
import dev.inkwell.core.UnavailableException;
import java.io.IOException;
import java.net.BindException;
import java.net.URI;
import java.time.Duration;
import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.StatisticsHandler;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inkwell's buckets over the S3 protocol, for the clients people already have ({@code aws s3}, boto3, the AWS SDKs,
 * rclone…): ListBuckets, CreateBucket, DeleteBucket, Put/Get/Head/Delete/CopyObject, ListObjects(V2), multipart
 * uploads, presigned URLs. Requests are signed with AWS Signature V4 against one key pair; every write goes through
 * {@link Buckets}, so it raises the same bucket event as any other write.
 *
 * <pre>{@code
 * S3ApiServer s3 = S3ApiServer.start(buckets, "127.0.0.1", 9000, S3Credentials.fromEnvironment(System.getenv()));
 * // aws --endpoint-url http://127.0.0.1:9000 s3 cp digit.png s3://uploads/
 * s3.close();
 * }</pre>
 *
 * The protocol is S3Proxy's handler, served by the Jetty 11 that Inkwell's HTTP server already uses; nothing of
 * S3Proxy is loaded before {@link #start}.
 */
public final class S3ApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(S3ApiServer.class);
    private static final int MAX_THREADS = 32;
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);
    private static final Duration SHUTDOWN_IDLE = Duration.ofMillis(200);

    private final Server server;
    private final ServerConnector connector;
    private final String host;

    private S3ApiServer(Server server, ServerConnector connector, String host) {
        this.server = server;
        this.connector = connector;
        this.host = host;
    }

    /**
     * Starts serving {@code buckets} on {@code host:port} (port 0: any free port, see {@link #port()}).
     *
     * @param credentials the key pair clients sign with, or {@link S3Credentials#anonymous()} to check nothing
     */
    public static S3ApiServer start(Buckets buckets, String host, int port, S3Credentials credentials) {
        long started = System.nanoTime();
        QueuedThreadPool pool = new QueuedThreadPool(MAX_THREADS, 2);
        pool.setName("inkwell-s3");
        pool.setDaemon(true);
        Server server = new Server(pool);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendDateHeader(true);
        // S3 keys may hold what URIs usually may not (encoded slashes, dot segments): the handler decodes the raw
        // path itself and the bucket refuses keys it cannot hold
        http.setHttpCompliance(HttpCompliance.LEGACY);
        http.setUriCompliance(UriCompliance.LEGACY);
        // Jetty's header cache matches values ignoring case and hands back its own spelling ("charset=utf-8"
        // arrives as "charset=UTF-8"): a signed header must reach the signature check byte for byte
        http.setHeaderCacheCaseSensitive(true);
        // one acceptor and two selectors whatever the core count: Jetty's defaults grow with the cores and could
        // take more threads than the pool has on a large machine
        ServerConnector connector = new ServerConnector(server, 1, 2, new HttpConnectionFactory(http));
        // at stop, a connection idle this long is closed: a client's idle keep-alive must not hold the stop
        connector.setShutdownIdleTimeout(SHUTDOWN_IDLE.toMillis());
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.addServlet(new ServletHolder(new S3Handler(new InkwellBlobStore(buckets), credentials)), "/*");
        // what lets a stop wait for the requests in flight (uploads finish, up to STOP_GRACE)
        StatisticsHandler inFlight = new StatisticsHandler();
        inFlight.setHandler(context);
        server.setHandler(inFlight);
        server.setErrorHandler(new S3ErrorPages());
        server.setStopTimeout(STOP_GRACE.toMillis());
        try {
            server.start();
        } catch (IOException e) {
            abandon(server);
            if (e instanceof BindException || e.getCause() instanceof BindException) {
                throw new InkwellException("the S3 API cannot listen on " + host + ":" + port + ": " + e.getMessage() + " (is the port taken?)", e);
            }
            throw new UnavailableException("the S3 API cannot start on " + host + ":" + port + ": " + e.getMessage(), e);
        } catch (Exception e) {
            abandon(server);
            throw new UnavailableException("the S3 API cannot start on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        S3ApiServer s3 = new S3ApiServer(server, connector, host);
        LOG.info("S3 API on {} serving {} ({}; started in {} ms)", s3.endpoint(), buckets.describe(),
                credentials.isAnonymous() ? "anonymous: no signature checked" : "Signature V4, " + credentials,
                (System.nanoTime() - started) / 1_000_000);
        return s3;
    }

    /** The port it listens on (the one chosen, when started on port 0). */
    public int port() {
        return connector.getLocalPort();
    }

    /** The URL clients use as their endpoint ({@code --endpoint-url}). */
    public URI endpoint() {
        String h = host == null || host.isEmpty() || host.equals("0.0.0.0") ? "127.0.0.1" : host;
        return URI.create("http://" + (h.contains(":") ? "[" + h + "]" : h) + ":" + port());
    }

    /** Stops taking requests, lets the running ones finish (a few seconds at most) and closes the port; the buckets stay open (they are the caller's). */
    @Override
    public void close() {
        stopQuietly(server);
        LOG.info("S3 API on port {} stopped", connector.getPort());
    }

    /** Releases what a failed start took; Jetty has stopped what it could already. */
    private static void abandon(Server server) {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.debug("after a failed start: {}", e.toString());
        }
    }

    private static void stopQuietly(Server server) {
        if (server.isStopped()) return;
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("stopping the S3 API: {}", e.toString());
        }
    }
}
