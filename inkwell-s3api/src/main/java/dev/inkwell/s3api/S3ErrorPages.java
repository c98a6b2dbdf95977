package dev.inkwell.s3api;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.BufferUtil;

/**
 * What Jetty refuses before the S3 handler sees it (a path that climbs out of the root, a malformed URI) answered
 * with an S3 error document, so clients report an error code instead of an HTML page.
 */
final class S3ErrorPages extends ErrorHandler {
    S3ErrorPages() {
        setShowServlet(false);
        setShowStacks(false);
    }

    @Override
    protected void generateAcceptableResponse(Request baseRequest, HttpServletRequest request, HttpServletResponse response,
                                              int code, String message) throws IOException {
        baseRequest.setHandled(true);
        response.setContentType("application/xml");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        try (Writer out = response.getWriter()) {
            out.write(document(code, message == null ? "" : message));
        }
    }

    /** Requests refused while being parsed (a URI above the root, a malformed request line). */
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/xml");
        return BufferUtil.toBuffer(document(status, reason == null ? "" : reason), StandardCharsets.UTF_8);
    }

    private static String document(int status, String message) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + s3Code(status) + "</Code><Message>"
                + escape(message) + "</Message></Error>\n";
    }

    static String s3Code(int status) {
        return switch (status) {
            case 400 -> "InvalidRequest";
            case 403 -> "AccessDenied";
            case 404 -> "NotFound";
            case 405 -> "MethodNotAllowed";
            case 411 -> "MissingContentLength";
            case 413 -> "EntityTooLarge";
            case 414, 431 -> "RequestHeaderSectionTooLarge";
            case 503 -> "ServiceUnavailable";
            default -> status >= 500 ? "InternalError" : "InvalidRequest";
        };
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
