package dev.inkwell.s3api;

import java.io.IOException;
import java.io.InputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What is left of a refused request's body, read (up to 16 MiB) so that a client still sending it reads the error
 * answer instead of a reset connection; a client that went away ends it early.
 */
final class RefusedBody {
    private static final Logger LOG = LoggerFactory.getLogger(RefusedBody.class);
    private static final long LIMIT = 16L << 20;

    private RefusedBody() {
    }

    static void drain(InputStream body) {
        try {
            for (long left = LIMIT; left > 0; ) {
                long n = body.skip(left);
                if (n <= 0 && body.read() < 0) return;
                left -= Math.max(n, 1);
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("S3 API: draining a refused body: {}", e.toString());
        }
    }
}
