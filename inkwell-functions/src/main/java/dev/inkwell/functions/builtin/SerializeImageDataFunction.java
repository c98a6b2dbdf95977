package dev.inkwell.functions.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inkwell.bucket.Bucket;
import dev.inkwell.functions.Function;
import dev.inkwell.functions.FunctionFailure;
import dev.inkwell.functions.Invocation;
import java.util.Base64;

/**
 * Seed 003's first Lambda: reads the object {@code s3_bucket}/{@code s3_key} from a bucket and answers it base64
 * encoded, as {@code {"statusCode": 200, "body": {"image_data", "s3_bucket", "s3_key", "inferences": []}}}.
 * Objects larger than a prediction request may be are refused ({@code Inkwell.TooLarge}).
 */
public final class SerializeImageDataFunction implements Function {
    public static final String NAME = "serializeImageData";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "read s3_bucket/s3_key and answer it base64-encoded in seed 003's {statusCode, body} shape";
    }

    @Override
    public JsonNode invoke(JsonNode event, Invocation invocation) throws FunctionFailure {
        String bucketName = Seed003.text(event, "s3_bucket", "s3_bucket");
        String key = Seed003.text(event, "s3_key", "s3_key");
        var env = invocation.environment();
        Bucket bucket = env.buckets().bucket(bucketName);
        ObjectReads.Whole object = ObjectReads.read(bucket, key, env.limits().maxBodyBytes());
        return Seed003.result(Base64.getEncoder().encodeToString(object.bytes()), bucketName, key, null);
    }
}
