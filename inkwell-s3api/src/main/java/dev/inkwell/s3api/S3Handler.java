package dev.inkwell.s3api;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.gaul.s3proxy.S3ProxyHandler;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.S3Exceptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * The S3 protocol as a servlet: S3Proxy's handler (signatures, XML, chunked uploads, checksums) answering every
 * request, and the failures it or the store throws written as S3 error documents.
 */
final class S3Handler extends HttpServlet {
    private static final Logger LOG = LoggerFactory.getLogger(S3Handler.class);
    /** S3's largest single PUT. */
    private static final long MAX_SINGLE_PART = 5L << 30;
    /**
     * A signed, non-chunked body is held in memory until its SHA-256 is checked: clients send large files in parts
     * (8 MiB by default), so this only bounds what a client may hold of the server's memory per request.
     */
    private static final long MAX_BUFFERED_BODY = 64L << 20;
    private static final int MAX_CHUNK = 16 << 20;
    private static final int MAX_CLOCK_SKEW_SECONDS = 15 * 60;
    private static final int BODY_BUFFER = 8 << 10;

    private final Protocol protocol;
    private final boolean signed;

    S3Handler(BlobStore store, S3Credentials credentials) {
        this.signed = !credentials.isAnonymous();
        AuthenticationType auth = signed ? AuthenticationType.AWS_V4 : AuthenticationType.NONE;
        this.protocol = new Protocol(store, auth, credentials.accessKey(), credentials.secretKey());
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (signed && isUnsigned(request) && !isHealthCheck(request)) {
            // every bucket and object is private: an unsigned request can never be allowed, so it never gets further
            protocol.send(request, response, "AccessDenied", 403, "Access Denied");
            return;
        }
        // buffered: S3Proxy reads an aws-chunked body's chunk headers a byte at a time, each a call into Jetty
        InputStream body = new BufferedInputStream(request.getInputStream(), BODY_BUFFER);
        try {
            protocol.doHandle(request, request, response, body, null);
        } catch (AwsServiceException e) {
            protocol.send(request, response, e);
        } catch (IllegalArgumentException | IllegalStateException e) {
            LOG.debug("S3 API: bad request: {}", e.toString());
            protocol.send(request, response, "InvalidRequest", 400, String.valueOf(e.getMessage()));
        } catch (UnsupportedOperationException e) {
            protocol.send(request, response, "NotImplemented", 501, String.valueOf(e.getMessage()));
        } catch (IOException | RuntimeException e) {
            // a failure while reading the body (a bad checksum, a bad chunk) arrives wrapped
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof AwsServiceException ase) {
                    protocol.send(request, response, ase);
                    return;
                }
            }
            if (e instanceof IOException io) {
                LOG.debug("S3 API: {} {}: {}", request.getMethod(), request.getRequestURI(), io.toString());
                throw io; // the client went away
            }
            LOG.error("S3 API: {} {} failed", request.getMethod(), request.getRequestURI(), e);
            protocol.send(request, response, "InternalError", 500, "We encountered an internal error. Please try again.");
        } finally {
            // a refused request's body may still be arriving (a refusal comes before the body is read; an aws-chunked
            // trailer is left unread): read it, so that closing the connection does not reset it under a client still
            // writing, which then sees "error writing request body" instead of the answer. Not when the client waits
            // for "100 Continue" before sending: it sends nothing more.
            if (response.getStatus() >= 400 && !"100-continue".equalsIgnoreCase(request.getHeader("Expect"))) RefusedBody.drain(body);
            body.close();
        }
    }

    /** Neither a signed header (V4 or V2) nor a presigned URL. */
    private static boolean isUnsigned(HttpServletRequest request) {
        return request.getHeader("Authorization") == null && request.getParameter("X-Amz-Algorithm") == null
                && request.getParameter("AWSAccessKeyId") == null;
    }

    private static boolean isHealthCheck(HttpServletRequest request) {
        return "GET".equals(request.getMethod()) && "/healthz".equals(request.getRequestURI());
    }

    /** S3Proxy's handler, with its error writer opened to the servlet. */
    private static final class Protocol extends S3ProxyHandler {
        Protocol(BlobStore store, AuthenticationType auth, String identity, String credential) {
            super(store, auth, identity, credential, null, MAX_SINGLE_PART, MAX_BUFFERED_BODY, MAX_CHUNK,
                    false, null, "", MAX_CLOCK_SKEW_SECONDS);
        }

        void send(HttpServletRequest request, HttpServletResponse response, String code, int status, String message) throws IOException {
            sendSimpleErrorResponse(request, response, code, status, message, Map.of());
        }

        void send(HttpServletRequest request, HttpServletResponse response, AwsServiceException e) throws IOException {
            var backend = S3Exceptions.httpResponse(e);
            if (backend != null) {
                for (String header : List.of("ETag", "x-amz-delete-marker", "x-amz-version-id", "Allow")) {
                    backend.firstMatchingHeader(header).ifPresent(v -> response.setHeader(header, v));
                }
            }
            String code = S3Exceptions.errorCode(e);
            if (code != null) {
                String message = e.awsErrorDetails().errorMessage();
                send(request, response, code, e.statusCode(), message == null ? "" : message);
                return;
            }
            switch (e.statusCode()) {
                case 412 -> {
                    // a failed If-None-Match (or If-Modified-Since) on a read is "not modified", not an error
                    boolean read = "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod());
                    boolean notModified = read && request.getHeader("If-Match") == null && request.getDateHeader("If-Unmodified-Since") == -1
                            && (request.getHeader("If-None-Match") != null || request.getDateHeader("If-Modified-Since") != -1);
                    if (notModified) response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
                    else send(request, response, "PreconditionFailed", 412, "At least one of the preconditions you specified did not hold.");
                }
                case 416 -> send(request, response, "InvalidRange", 416, "The requested range is not satisfiable");
                default -> send(request, response, "InternalError", e.statusCode(), String.valueOf(e.getMessage()));
            }
        }
    }
}
