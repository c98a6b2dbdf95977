package dev.inkwell.bucket.testing;

import dev.inkwell.bucket.s3.S3Settings;
import java.net.URI;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;

/**
 * A real S3 server for tests: S3Proxy in-process over its in-memory store, on a free port of 127.0.0.1, checking
 * AWS signatures against {@link #ACCESS_KEY}/{@link #SECRET_KEY}.
 */
public final class S3TestServer implements AutoCloseable {
    public static final String ACCESS_KEY = "inkwell-test-access";
    public static final String SECRET_KEY = "inkwell-test-secret-0123456789";

    private final BlobStore store;
    private S3Proxy proxy;

    private S3TestServer(BlobStore store, S3Proxy proxy) {
        this.store = store;
        this.proxy = proxy;
    }

    public static S3TestServer start() {
        BlobStore store = new TransientNio2BlobStore();
        return new S3TestServer(store, startProxy(store, 0));
    }

    /**
     * Stops the server and starts a new one on the same port over the same objects, as a restarted S3 service looks
     * to its clients: the connections they keep alive are closed under them.
     */
    public void restart() {
        int port = proxy.getPort();
        close();
        proxy = startProxy(store, port);
    }

    private static S3Proxy startProxy(BlobStore store, int port) {
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(store)
                .endpoint(URI.create("http://127.0.0.1:" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .stopTimeout(0)
                .build();
        try {
            proxy.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start S3Proxy: " + e, e);
        }
        return proxy;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    /** Settings that reach this server, with the smallest part size S3 allows (so large-stream tests stay small). */
    public S3Settings settings() {
        return S3Settings.endpoint(endpoint(), ACCESS_KEY, SECRET_KEY).withPartSize(S3Settings.MIN_PART_SIZE);
    }

    @Override
    public void close() {
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop S3Proxy: " + e, e);
        }
    }
}
