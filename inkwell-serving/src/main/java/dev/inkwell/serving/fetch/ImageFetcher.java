package dev.inkwell.serving.fetch;

import dev.inkwell.core.InputTooLargeException;
import dev.inkwell.core.InvalidInputException;
import dev.inkwell.core.Texts;
import dev.inkwell.serving.ServingConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.api.ContentResponse;
import org.eclipse.jetty.client.api.Request;
import org.eclipse.jetty.client.http.HttpClientTransportOverHTTP;
import org.eclipse.jetty.client.util.FutureResponseListener;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.SocketAddressResolver;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches an image a client names by URL ({@code {"data": "https://…"}}) without becoming a proxy into the private
 * network: https only (unless allowed), every hop's host is resolved by {@link AddressPolicy}-checking resolver that
 * the connection then uses (so a DNS answer cannot change between check and connect), redirects are followed by
 * hand and re-checked, and size and total time are capped. The HTTP client starts on first use.
 */
public final class ImageFetcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ImageFetcher.class);

    private final ServingConfig.Fetch config;
    private final AddressPolicy policy;
    private HttpClient client;

    public ImageFetcher(ServingConfig.Fetch config) {
        this.config = config;
        this.policy = new AddressPolicy(config.allowedHosts());
    }

    /** Whether {@code text} names a URL this fetcher would try (http or https), rather than a local file. */
    public static boolean looksLikeUrl(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        return lower.startsWith("https://") || lower.startsWith("http://");
    }

    /** The bytes at {@code url}; throws {@link InvalidInputException} for anything refused or failed ({@link InputTooLargeException} when too large). */
    public byte[] fetch(String url) {
        if (!config.enabled()) throw new InvalidInputException("fetching images by URL is disabled on this server");
        long deadline = System.nanoTime() + config.timeout().toNanos();
        URI uri = parse(url);
        for (int hop = 0; hop <= config.maxRedirects(); hop++) {
            check(uri);
            ContentResponse response = get(uri, deadline);
            int status = response.getStatus();
            if (status >= 300 && status < 400 && response.getHeaders().get(HttpHeader.LOCATION) != null) {
                uri = parse(uri.resolve(response.getHeaders().get(HttpHeader.LOCATION).strip()).toString());
                continue;
            }
            if (status != 200) throw new InvalidInputException("fetching " + shortUrl(uri) + " failed: HTTP " + status);
            byte[] content = response.getContent();
            if (content.length == 0) throw new InvalidInputException(shortUrl(uri) + " returned no content");
            return content;
        }
        throw new InvalidInputException("fetching " + shortUrl(uri) + " failed: more than " + config.maxRedirects() + " redirects");
    }

    private URI parse(String url) {
        try {
            URI uri = new URI(url);
            if (uri.getScheme() == null) throw new IllegalArgumentException("no scheme");
            return uri;
        } catch (Exception e) {
            throw new InvalidInputException("'" + abbreviate(url) + "' is not an absolute image URL");
        }
    }

    private void check(URI uri) {
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(scheme.equals("http") && config.allowHttp())) {
            throw new InvalidInputException("only https:// image URLs are fetched (got " + scheme + "://)");
        }
        if (uri.getHost() == null) throw new InvalidInputException("'" + abbreviate(uri.toString()) + "' names no host");
        if (uri.getRawUserInfo() != null) throw new InvalidInputException("image URLs with user info are refused");
    }

    private ContentResponse get(URI uri, long deadline) {
        long remainingMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (remainingMs <= 0) throw timeout(uri);
        Request request = client().newRequest(uri).followRedirects(false).timeout(remainingMs, TimeUnit.MILLISECONDS)
                .headers(h -> h.put(HttpHeader.ACCEPT, "image/*"));
        FutureResponseListener listener = new FutureResponseListener(request, (int) Math.min(Integer.MAX_VALUE, config.maxBytes()));
        request.send(listener);
        try {
            return listener.get(remainingMs + 100, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            request.abort(e);
            throw timeout(uri);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            request.abort(e);
            throw new InvalidInputException("fetching " + shortUrl(uri) + " was interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof RefusedAddressException refused) throw new InvalidInputException(refused.getMessage());
            if (cause instanceof TimeoutException) throw timeout(uri);
            String message = String.valueOf(cause.getMessage());
            if (message.contains("capacity") && message.contains("exceeded")) {
                throw new InputTooLargeException(shortUrl(uri) + " is larger than " + config.maxBytes() + " bytes");
            }
            if (cause instanceof UnknownHostException) throw new InvalidInputException("cannot resolve host " + uri.getHost());
            throw new InvalidInputException("fetching " + shortUrl(uri) + " failed: " + cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : ": " + abbreviate(cause.getMessage())));
        }
    }

    private InvalidInputException timeout(URI uri) {
        return new InvalidInputException("fetching " + shortUrl(uri) + " took longer than " + config.timeout().toMillis() + " ms");
    }

    private synchronized HttpClient client() {
        if (client != null) return client;
        ClientConnector connector = new ClientConnector();
        connector.setSslContextFactory(new SslContextFactory.Client());
        QueuedThreadPool threads = new QueuedThreadPool(16, 1);
        threads.setName("inkwell-fetch");
        threads.setDaemon(true);
        connector.setExecutor(threads);
        HttpClient c = new HttpClient(new HttpClientTransportOverHTTP(connector));
        c.setExecutor(threads);
        c.setFollowRedirects(false);
        c.setConnectTimeout(config.timeout().toMillis());
        c.setIdleTimeout(config.timeout().toMillis());
        c.setMaxConnectionsPerDestination(4);
        c.setUserAgentField(new org.eclipse.jetty.http.HttpField(HttpHeader.USER_AGENT, "inkwell-image-fetcher"));
        c.setSocketAddressResolver(new CheckingResolver(policy));
        try {
            c.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the image fetcher's HTTP client", e);
        }
        client = c;
        return c;
    }

    @Override
    public synchronized void close() {
        if (client == null) return;
        try {
            client.stop();
        } catch (Exception e) {
            LOG.warn("stopping the image fetcher failed: {}", e.toString());
        }
        client = null;
    }

    private static String shortUrl(URI uri) {
        return abbreviate(uri.getScheme() + "://" + uri.getRawAuthority() + (uri.getRawPath() == null ? "" : uri.getRawPath()));
    }

    private static String abbreviate(String s) {
        return Texts.abbreviate(s, 120);
    }

    /** Resolves a host and refuses it if any of its addresses is not allowed; the connection uses exactly these. */
    static final class CheckingResolver implements SocketAddressResolver {
        private final AddressPolicy policy;

        CheckingResolver(AddressPolicy policy) {
            this.policy = policy;
        }

        @Override
        public void resolve(String host, int port, Promise<List<InetSocketAddress>> promise) {
            try {
                String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
                InetAddress[] addresses = InetAddress.getAllByName(bare);
                List<InetSocketAddress> result = new ArrayList<>(addresses.length);
                for (InetAddress address : addresses) {
                    Optional<String> refusal = policy.refusal(bare, address);
                    if (refusal.isPresent()) {
                        promise.failed(new RefusedAddressException("refused to fetch from " + abbreviate(bare) + ": " + refusal.get()));
                        return;
                    }
                    result.add(new InetSocketAddress(address, port));
                }
                promise.succeeded(result);
            } catch (UnknownHostException e) {
                promise.failed(e);
            }
        }
    }

    static final class RefusedAddressException extends Exception {
        RefusedAddressException(String message) {
            super(message, null, false, false);
        }
    }
}
