package dev.inkwell.s3api;

import dev.inkwell.core.InkwellException;
import java.util.Map;

/**
 * Who may use the S3 API: one access key and secret, checked with AWS Signature V4, or nobody checked at all
 * ({@link #anonymous()}, which must be asked for by name).
 */
public record S3Credentials(String accessKey, String secretKey) {
    public static final String ACCESS_KEY_VARIABLE = "INKWELL_S3_ACCESS_KEY";
    public static final String SECRET_KEY_VARIABLE = "INKWELL_S3_SECRET_KEY";
    private static final S3Credentials ANONYMOUS = new S3Credentials(null, null);

    public S3Credentials {
        if ((accessKey == null) != (secretKey == null)) throw new InkwellException("S3 credentials need both an access key and a secret key");
        if (accessKey != null && (accessKey.isBlank() || secretKey.isBlank())) throw new InkwellException("S3 credentials must not be blank");
    }

    public static S3Credentials of(String accessKey, String secretKey) {
        if (accessKey == null || secretKey == null) throw new InkwellException("S3 credentials need both an access key and a secret key");
        return new S3Credentials(accessKey, secretKey);
    }

    /** No signature checked: anyone who reaches the port reads and writes every bucket. */
    public static S3Credentials anonymous() {
        return ANONYMOUS;
    }

    /** From {@code INKWELL_S3_ACCESS_KEY} and {@code INKWELL_S3_SECRET_KEY}; refuses to go on without them. */
    public static S3Credentials fromEnvironment(Map<String, String> env) {
        String access = env.get(ACCESS_KEY_VARIABLE);
        String secret = env.get(SECRET_KEY_VARIABLE);
        if (access == null || access.isBlank() || secret == null || secret.isBlank()) {
            throw new InkwellException("the S3 API needs credentials: set " + ACCESS_KEY_VARIABLE + " and " + SECRET_KEY_VARIABLE
                    + " (clients sign with them as their AWS access key id and secret)");
        }
        return new S3Credentials(access, secret);
    }

    public boolean isAnonymous() {
        return accessKey == null;
    }

    @Override
    public String toString() {
        return isAnonymous() ? "anonymous" : "access key " + accessKey;
    }
}
