package dev.inkwell.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.inkwell.core.Json;
import java.io.PrintWriter;

/** JSON output of commands: one pretty document per result. */
public final class JsonOutput {

    private JsonOutput() {
    }

    public static ObjectMapper mapper() {
        return Json.mapper();
    }

    public static void print(PrintWriter out, Object value) {
        try {
            out.println(Json.pretty().writeValueAsString(value));
            out.flush();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }
}
