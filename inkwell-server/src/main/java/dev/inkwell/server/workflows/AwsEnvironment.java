package dev.inkwell.server.workflows;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What points a command function's AWS SDK at this server, so a Lambda handler written for S3 and SageMaker runs
 * unchanged: S3 calls go to the S3 API ({@code serve --s3-port}) and {@code sagemaker-runtime} calls
 * ({@code invoke_endpoint}) to this server's {@code POST /endpoints/{name}/invocations}, signed with the S3 API's key
 * pair (the invocation route checks no signature).
 *
 * @param server    this server's own URL
 * @param s3        the S3 API's URL, or null when none runs beside the server
 * @param accessKey the key pair the S3 API checks (null when it checks none: SDKs still need one to sign with)
 */
public record AwsEnvironment(URI server, URI s3, String accessKey, String secretKey) {
    /** Step Functions' and the S3 API's region. */
    public static final String REGION = "us-east-1";
    private static final String PLACEHOLDER_KEY = "inkwell";

    public AwsEnvironment {
        if ((accessKey == null) != (secretKey == null)) throw new IllegalArgumentException("an access key needs its secret key");
    }

    /** The variables, {@code AWS_ENDPOINT_URL_*} and credentials included. */
    public Map<String, String> variables() {
        Map<String, String> env = new LinkedHashMap<>();
        if (s3 != null) {
            env.put("AWS_ENDPOINT_URL", s3.toString());
            env.put("AWS_ENDPOINT_URL_S3", s3.toString());
        }
        if (server != null) env.put("AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME", server.toString());
        env.put("AWS_ACCESS_KEY_ID", accessKey == null ? PLACEHOLDER_KEY : accessKey);
        env.put("AWS_SECRET_ACCESS_KEY", secretKey == null ? PLACEHOLDER_KEY : secretKey);
        env.put("AWS_DEFAULT_REGION", REGION);
        env.put("AWS_REGION", REGION);
        // no instance metadata service to ask for credentials or a region: do not wait for one
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        if (server != null) env.put("INKWELL_URL", server.toString());
        return env;
    }

    /** The URL a local client uses for a server listening on {@code host:port} (all interfaces: the loopback). */
    public static URI local(String host, int port) {
        String h = host == null || host.isEmpty() || host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
        return URI.create("http://" + (h.contains(":") ? "[" + h + "]" : h) + ":" + port);
    }

    @Override
    public String toString() {
        return "AwsEnvironment[server=" + server + ", s3=" + s3 + ", accessKey=" + accessKey + "]";
    }
}
