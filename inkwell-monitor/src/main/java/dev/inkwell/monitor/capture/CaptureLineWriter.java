package dev.inkwell.monitor.capture;

import com.fasterxml.jackson.databind.ObjectWriter;
import dev.inkwell.core.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * Writes {@link CaptureRecord}s as JSON lines, byte for byte as Jackson writes them (CaptureLineWriterTest holds it to
 * that), without Jackson's per-character checks of the large values or their intermediate strings: a picture goes in as
 * its bytes and comes out as base64 (which needs no escaping), and an answer goes in as its object and Jackson's bytes
 * for it are escaped straight into the line. Reuses its buffers; one writer per thread.
 */
final class CaptureLineWriter {
    /** What a value of the line is made from when it is not the record's own string. */
    sealed interface Text {
    }

    /** Bytes written in base64, as SageMaker stores a picture. */
    record Base64Of(byte[] bytes) implements Text {
    }

    /** An object's JSON (Jackson's, as the server answers), held in the line as a string. */
    record JsonOf(Object value) implements Text {
    }

    private static final ObjectWriter JSON = Json.mapper().writer();
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    /** Per ASCII character: 0 written as is, -1 as a six-character escape (backslash, u, 00, two hex digits), else the letter after a backslash (as Jackson). */
    private static final int[] ESCAPES = new int[128];
    /** Bytes encoded in one go, a multiple of 3 so that slices join without padding. */
    private static final int BASE64_SLICE = 3 * 8192;

    static {
        for (int c = 0; c < 32; c++) ESCAPES[c] = -1;
        ESCAPES['"'] = '"';
        ESCAPES['\\'] = '\\';
        ESCAPES['\b'] = 'b';
        ESCAPES['\t'] = 't';
        ESCAPES['\f'] = 'f';
        ESCAPES['\n'] = 'n';
        ESCAPES['\r'] = 'r';
    }

    private final Base64.Encoder base64 = Base64.getEncoder();
    private final byte[] base64Out = new byte[BASE64_SLICE / 3 * 4];
    private final byte[] buf = new byte[16 * 1024];
    private int n;
    private OutputStream out;
    /** Jackson writes an answer here: its bytes, escaped as a JSON string's content, into the line. */
    private final OutputStream escaping = new OutputStream() {
        @Override
        public void write(int b) throws IOException {
            escapedByte(b & 0xff);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            for (int i = off, end = off + len; i < end; i++) escapedByte(b[i] & 0xff);
        }

        @Override
        public void close() {
            // the line goes on
        }
    };

    /** {@code r}'s line, newline included. */
    static byte[] line(CaptureRecord r) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
            new CaptureLineWriter().write(r, null, null, null, bytes);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Appends {@code r}'s line, newline included, to {@code target}; its input data, output data and model input are
     * made from {@code inputData}, {@code outputData} and {@code modelInput} where those are given (the record's own
     * strings where they are null). When it throws, {@code target} may hold the start of the line.
     */
    void write(CaptureRecord r, Text inputData, Text outputData, Text modelInput, OutputStream target) throws IOException {
        out = target;
        n = 0;
        try {
            record(r, inputData, outputData, modelInput);
            raw('\n');
            flush();
        } finally {
            out = null;
        }
    }

    private void record(CaptureRecord r, Text inputData, Text outputData, Text modelInput) throws IOException {
        raw('{');
        boolean first = true;
        if (r.captureData() != null) {
            first = name("captureData", true);
            CaptureRecord.CaptureData d = r.captureData();
            raw('{');
            name("endpointInput", true);
            payload(d.endpointInput(), inputData);
            name("endpointOutput", false);
            payload(d.endpointOutput(), outputData);
            raw('}');
        }
        if (r.eventMetadata() != null) {
            first = name("eventMetadata", first);
            CaptureRecord.EventMetadata m = r.eventMetadata();
            raw('{');
            name("eventId", true);
            string(m.eventId());
            name("inferenceId", false);
            string(m.inferenceId());
            name("inferenceTime", false);
            string(m.inferenceTime());
            raw('}');
        }
        if (r.eventVersion() != null) {
            first = name("eventVersion", first);
            string(r.eventVersion());
        }
        if (r.inkwell() != null) {
            name("inkwell", first);
            details(r.inkwell(), modelInput);
        }
        raw('}');
    }

    private void payload(CaptureRecord.Payload p, Text data) throws IOException {
        if (p == null) {
            ascii("null");
            return;
        }
        raw('{');
        name("observedContentType", true);
        string(p.observedContentType());
        name("mode", false);
        string(p.mode());
        name("data", false);
        text(p.data(), data);
        name("encoding", false);
        string(p.encoding());
        raw('}');
    }

    /** Inkwell's section: its nulls left out, as its {@code NON_NULL} says. */
    private void details(CaptureRecord.InkwellDetails d, Text modelInput) throws IOException {
        raw('{');
        boolean first = true;
        if (d.endpoint() != null) {
            first = name("endpoint", first);
            string(d.endpoint());
        }
        if (d.variant() != null) {
            first = name("variant", first);
            string(d.variant());
        }
        if (d.model() != null) {
            first = name("model", first);
            raw('{');
            name("name", true);
            string(d.model().name());
            name("version", false);
            string(d.model().version());
            raw('}');
        }
        name("shadow", first);
        ascii(d.shadow() ? "true" : "false");
        name("input_index", false);
        ascii(Integer.toString(d.inputIndex()));
        name("latency_ms", false);
        number(d.latencyMs());
        if (d.label() != null) {
            name("label", false);
            string(d.label());
        }
        name("index", false);
        ascii(Integer.toString(d.index()));
        name("probability", false);
        number(d.probability());
        if (d.probabilities() != null) {
            name("probabilities", false);
            raw('[');
            float[] p = d.probabilities();
            for (int i = 0; i < p.length; i++) {
                if (i > 0) raw(',');
                number(p[i]);
            }
            raw(']');
        }
        if (modelInput != null || d.modelInput() != null) {
            name("model_input", false);
            text(d.modelInput(), modelInput);
        }
        raw('}');
    }

    /** {@code "name":}, after a comma unless it is the object's first; returns false (the next one is not first). */
    private boolean name(String name, boolean first) throws IOException {
        if (!first) raw(',');
        string(name);
        raw(':');
        return false;
    }

    private void text(String own, Text made) throws IOException {
        switch (made) {
            case null -> string(own);
            case Base64Of b -> base64String(b.bytes());
            case JsonOf j -> {
                raw('"');
                JSON.writeValue(escaping, j.value());
                raw('"');
            }
        }
    }

    private void base64String(byte[] bytes) throws IOException {
        raw('"');
        for (int from = 0; from < bytes.length; from += BASE64_SLICE) {
            int len = Math.min(BASE64_SLICE, bytes.length - from);
            byte[] slice = from == 0 && len == bytes.length ? bytes : Arrays.copyOfRange(bytes, from, from + len);
            int encoded = base64.encode(slice, base64Out);
            bytes(base64Out, encoded);
        }
        raw('"');
    }

    /** A JSON string as Jackson writes one: UTF-8, the characters of {@link #ESCAPES} and surrogates escaped; null as {@code null}. */
    private void string(String s) throws IOException {
        if (s == null) {
            ascii("null");
            return;
        }
        raw('"');
        for (int i = 0, len = s.length(); i < len; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                escapedByte(c);
            } else if (c < 0x800) {
                room(2);
                buf[n++] = (byte) (0xc0 | c >> 6);
                buf[n++] = (byte) (0x80 | c & 0x3f);
            } else if (Character.isSurrogate(c)) {
                escape(c); // as Jackson 2 writes characters beyond the BMP (and halves of them): a UTF-16 escape each half
            } else {
                room(3);
                buf[n++] = (byte) (0xe0 | c >> 12);
                buf[n++] = (byte) (0x80 | c >> 6 & 0x3f);
                buf[n++] = (byte) (0x80 | c & 0x3f);
            }
        }
        raw('"');
    }

    /** One byte of a JSON string's content (UTF-8 bytes of 0x80 and above pass as they are). */
    private void escapedByte(int b) throws IOException {
        int e = b < 0x80 ? ESCAPES[b] : 0;
        if (e == 0) {
            raw(b);
        } else if (e > 0) {
            room(2);
            buf[n++] = '\\';
            buf[n++] = (byte) e;
        } else {
            escape(b);
        }
    }

    /** {@code c} as a six-character escape: backslash, 'u', four upper-case hex digits. */
    private void escape(int c) throws IOException {
        room(6);
        buf[n++] = '\\';
        buf[n++] = 'u';
        buf[n++] = HEX[c >> 12 & 0xf];
        buf[n++] = HEX[c >> 8 & 0xf];
        buf[n++] = HEX[c >> 4 & 0xf];
        buf[n++] = HEX[c & 0xf];
    }

    /** As Jackson: the shortest decimal that reads back as the value; NaN and infinities as strings. */
    private void number(double v) throws IOException {
        String s = Double.toString(v);
        if (Double.isFinite(v)) ascii(s);
        else string(s);
    }

    private void number(float v) throws IOException {
        String s = Float.toString(v);
        if (Float.isFinite(v)) ascii(s);
        else string(s);
    }

    private void ascii(String s) throws IOException {
        int len = s.length();
        room(len);
        for (int i = 0; i < len; i++) buf[n++] = (byte) s.charAt(i);
    }

    private void raw(int b) throws IOException {
        if (n == buf.length) flush();
        buf[n++] = (byte) b;
    }

    private void bytes(byte[] b, int len) throws IOException {
        if (len > buf.length - n) {
            flush();
            if (len > buf.length) {
                out.write(b, 0, len);
                return;
            }
        }
        System.arraycopy(b, 0, buf, n, len);
        n += len;
    }

    private void room(int len) throws IOException {
        if (len > buf.length - n) flush();
    }

    private void flush() throws IOException {
        out.write(buf, 0, n);
        n = 0;
    }
}
