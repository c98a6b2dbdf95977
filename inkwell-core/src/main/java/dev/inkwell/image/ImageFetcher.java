package dev.inkwell.image;

import dev.inkwell.core.InputLocation;
import dev.inkwell.core.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Fetches a picture from a URL someone else gave us (a CLI argument, seed 000's {@code {"data": "<url>"}}) without
 * becoming a tool against our own network: https only by default; hosts that resolve to loopback, private,
 * link-local (cloud metadata), carrier-grade NAT, multicast or unspecified addresses are refused unless allowed;
 * redirects are followed by hand (each hop re-checked, at most a few); the body is capped in bytes while it streams
 * and the whole exchange in time. Failures are {@link InvalidInputException}s naming the URL.
 *
 * <p>Limitation: the host is checked when resolved here; the HTTP client resolves it again when connecting, so a DNS
 * server answering differently within milliseconds (DNS rebinding) is not defeated. Put a fetch proxy in front for
 * that threat.
 */
public final class ImageFetcher {
    /**
     * @param allowHttp         also accept plain http
     * @param allowPrivateHosts accept hosts on loopback/private/link-local networks (tests, intranets)
     * @param maxBytes          largest body accepted
     * @param timeout           for the whole exchange, redirects included
     * @param maxRedirects      redirects followed
     */
    public record Policy(boolean allowHttp, boolean allowPrivateHosts, long maxBytes, Duration timeout, int maxRedirects) {
        public static final Policy DEFAULT = new Policy(false, false, ImageLimits.DEFAULT.maxBytes(), Duration.ofSeconds(10), 3);

        public Policy {
            Objects.requireNonNull(timeout, "timeout");
            if (maxBytes <= 0 || maxRedirects < 0 || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("invalid fetch policy");
            }
        }
    }

    private final Policy policy;
    private final HttpClient client;

    public ImageFetcher(Policy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(policy.timeout())
                .build();
    }

    public ImageFetcher() {
        this(Policy.DEFAULT);
    }

    public Policy policy() {
        return policy;
    }

    /** True for arguments that look like a URL rather than a file path. */
    public static boolean looksLikeUrl(String s) {
        String lower = s.toLowerCase(Locale.ROOT);
        return lower.startsWith("https://") || lower.startsWith("http://");
    }

    public byte[] fetch(String url) {
        InputLocation where = InputLocation.file(url);
        long deadline = System.nanoTime() + policy.timeout().toNanos();
        URI uri = parse(url, where);
        for (int hop = 0; ; hop++) {
            check(uri, where);
            HttpResponse<byte[]> response = send(uri, where, deadline);
            int status = response.statusCode();
            if (status >= 300 && status < 400 && status != 304) {
                if (hop >= policy.maxRedirects()) {
                    throw new InvalidInputException(where, "more than " + policy.maxRedirects() + " redirects");
                }
                String location = response.headers().firstValue("location").orElseThrow(() ->
                        new InvalidInputException(where, "redirect " + status + " without a Location"));
                try {
                    uri = uri.resolve(new URI(location.trim()));
                } catch (URISyntaxException | IllegalArgumentException e) {
                    throw new InvalidInputException(where, "redirect to an invalid URL: " + location);
                }
                continue;
            }
            if (status != 200) {
                throw new InvalidInputException(where, "the server answered HTTP " + status);
            }
            return response.body();
        }
    }

    private static URI parse(String url, InputLocation where) {
        try {
            URI uri = new URI(url.trim());
            if (uri.getHost() == null) throw new URISyntaxException(url, "no host");
            return uri;
        } catch (URISyntaxException e) {
            throw new InvalidInputException(where, "not a valid URL: " + e.getMessage());
        }
    }

    private void check(URI uri, InputLocation where) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(policy.allowHttp() && scheme.equals("http"))) {
            throw new InvalidInputException(where, "only " + (policy.allowHttp() ? "http and https" : "https")
                    + " URLs are fetched, not " + (scheme.isEmpty() ? "this" : scheme) + " (" + uri + ")");
        }
        if (uri.getRawUserInfo() != null) {
            throw new InvalidInputException(where, "URLs with credentials are not fetched");
        }
        if (uri.getHost() == null) {
            throw new InvalidInputException(where, "URL has no host: " + uri);
        }
        if (policy.allowPrivateHosts()) return;
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new InvalidInputException(where, "unknown host " + host);
        }
        for (InetAddress address : addresses) {
            if (isInternal(address)) {
                throw new InvalidInputException(where, "host " + host + " is on a private or local network ("
                        + address.getHostAddress() + "): not fetched");
            }
        }
    }

    /** Loopback, private, link-local, CGNAT, multicast, unspecified, and IPv4 addresses mapped into IPv6. */
    static boolean isInternal(InetAddress a) {
        if (a.isLoopbackAddress() || a.isAnyLocalAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
                || a.isMulticastAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first == 0 // "this network"
                    || (first == 100 && second >= 64 && second < 128) // carrier-grade NAT
                    || (first == 192 && second == 0 && (b[2] & 0xff) == 0) // IETF protocol assignments
                    || (first == 198 && (second == 18 || second == 19)) // benchmarking
                    || first >= 240; // reserved, broadcast
        }
        if (a instanceof Inet6Address) {
            if ((b[0] & 0xfe) == 0xfc) return true; // unique local fc00::/7
            boolean mapped = true; // ::ffff:a.b.c.d
            for (int i = 0; i < 10; i++) mapped &= b[i] == 0;
            mapped &= (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
            if (mapped) {
                try {
                    return isInternal(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
                } catch (UnknownHostException e) {
                    return true;
                }
            }
        }
        return false;
    }

    private HttpResponse<byte[]> send(URI uri, InputLocation where, long deadline) {
        long left = deadline - System.nanoTime();
        if (left <= 0) throw new InvalidInputException(where, "timed out after " + policy.timeout().toMillis() + " ms");
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofNanos(left))
                .header("Accept", "image/*")
                .header("User-Agent", "inkwell")
                .GET().build();
        CompletableFuture<HttpResponse<byte[]>> future = client.sendAsync(request, info -> {
            long declared = info.headers().firstValueAsLong("content-length").orElse(-1);
            return new CappedBody(policy.maxBytes(), declared);
        });
        try {
            return future.get(left, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new InvalidInputException(where, "timed out after " + policy.timeout().toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            throw new InvalidInputException(where, "interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof TooLarge || cause instanceof IOException && cause.getCause() instanceof TooLarge) {
                throw tooLarge(where);
            }
            String reason = cause == null || cause.getMessage() == null ? String.valueOf(cause) : cause.getMessage();
            throw new InvalidInputException(where, "cannot fetch: " + reason, cause);
        }
    }

    private InvalidInputException tooLarge(InputLocation where) {
        return new InvalidInputException(where, "the response is larger than the limit of " + policy.maxBytes() + " bytes");
    }

    private static final class TooLarge extends IOException {
        TooLarge() {
            super("body over the size limit");
        }
    }

    /** Collects the body, giving up (and cancelling the transfer) as soon as it passes the cap. */
    private static final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final long max;
        private final long declared;
        private final ByteArrayOutputStream data = new ByteArrayOutputStream();
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private Flow.Subscription subscription;

        CappedBody(long max, long declared) {
            this.max = max;
            this.declared = declared;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (declared > max) { // announced too large: do not download a byte of it
                s.cancel();
                result.completeExceptionally(new TooLarge());
                return;
            }
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            for (ByteBuffer b : items) {
                if (data.size() + (long) b.remaining() > max) {
                    subscription.cancel();
                    result.completeExceptionally(new TooLarge());
                    return;
                }
                byte[] chunk = new byte[b.remaining()];
                b.get(chunk);
                data.writeBytes(chunk);
            }
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            result.complete(data.toByteArray());
        }
    }
}
