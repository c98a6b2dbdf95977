package dev.inkwell.bucket.testing;

import dev.inkwell.bucket.s3.S3Settings;
import java.net.URI;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;

/**
 * A real S3 server for tests: S3Proxy in-process over its in-memory store, on a free port of 127.0.0.1, checking
 * AWS signatures against {@link #ACCESS_KEY}/{@link #SECRET_KEY}.
 */
public final class S3TestServer implements AutoCloseable {
    public static final String ACCESS_KEY = "inkwell-test-access";
    public static final String SECRET_KEY = "inkwell-test-secret-0123456789";

    private final S3Proxy proxy;

    private S3TestServer(S3Proxy proxy) {
        this.proxy = proxy;
    }

    public static S3TestServer start() {
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(new TransientNio2BlobStore())
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .stopTimeout(0)
                .build();
        try {
            proxy.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start S3Proxy: " + e, e);
        }
        return new S3TestServer(proxy);
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
