package dev.inkwell.inference;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;

/** Writes whole-number metrics (counts, epochs, seconds) as integers and the rest as doubles. */
final class MetricValueSerializer extends StdSerializer<Double> {
    /** Below 2^53 every whole double is exactly a long. */
    private static final double EXACT_LONGS = 9.007199254740992E15;

    MetricValueSerializer() {
        super(Double.class);
    }

    @Override
    public void serialize(Double value, JsonGenerator gen, SerializerProvider provider) throws IOException {
        double v = value;
        if (v == Math.rint(v) && Math.abs(v) < EXACT_LONGS) gen.writeNumber((long) v);
        else gen.writeNumber(v);
    }
}
