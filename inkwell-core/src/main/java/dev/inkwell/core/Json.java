package dev.inkwell.core;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The program's one JSON configuration: Java time types as ISO-8601 text everywhere (cards, histories, API answers,
 * store rows), unknown properties tolerated on read (a newer writer may add fields; readers that must be strict check
 * keys themselves), trailing garbage after a document refused, and nesting capped so hostile input cannot exhaust the
 * stack. Code that needs tighter limits (request bodies) starts from {@link #builder()}.
 */
public final class Json {
    /** Nesting deeper than this is refused when parsing. */
    public static final int MAX_NESTING = 1000;

    private static final ObjectMapper MAPPER = builder().build();
    private static final ObjectWriter PRETTY = MAPPER.writerWithDefaultPrettyPrinter();

    private Json() {
    }

    /** A builder holding the common configuration, for a mapper that needs more (e.g. tighter read limits). */
    public static JsonMapper.Builder builder() {
        return builder(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build());
    }

    /** As {@link #builder()}, with these read limits. */
    public static JsonMapper.Builder builder(StreamReadConstraints limits) {
        // buffers come from one shared pool: Jackson's default keeps them per thread, and a server's requests each run
        // on a new virtual thread, so every response allocated fresh ones (~7 KB of a 28×28 prediction's garbage)
        return JsonMapper.builder(JsonFactory.builder().streamReadConstraints(limits).recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool()).build())
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS);
    }

    /** The shared mapper: thread-safe, never reconfigure it. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** The shared mapper's writer with indentation, for files people read (cards, reports, histories). */
    public static ObjectWriter pretty() {
        return PRETTY;
    }
}
