package dev.inkwell.cli.workflow;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.inkwell.cli.JsonOutput;
import dev.inkwell.core.InputLocation;
import dev.inkwell.core.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * JSON the workflow commands read: files (a definition, a function mapping) and {@code JSON|@FILE} option values (an
 * execution input). A problem names the file or option, and the line and column where the JSON parser stopped.
 */
final class JsonSources {
    /** Step Functions' limits: a definition and an execution input are at most 1 MiB and 256 KiB; room for both. */
    static final long MAX_BYTES = 1 << 20;

    private JsonSources() {
    }

    /** The JSON document in {@code file}. */
    static JsonNode file(Path file) {
        String where = file.toString();
        String text;
        try {
            if (Files.isDirectory(file)) throw new InvalidInputException(InputLocation.file(where), "is a folder, not a JSON file");
            if (Files.size(file) > MAX_BYTES) {
                throw new InvalidInputException(InputLocation.file(where), "larger than " + (MAX_BYTES >> 10) + " KiB");
            }
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(InputLocation.file(where), "no such file");
        } catch (IOException e) {
            throw new InvalidInputException(InputLocation.file(where), "cannot read: " + e.getMessage());
        }
        return parse(text, where);
    }

    /**
     * An option's value: JSON text, or {@code @FILE} for a file's. A value that is not JSON but names a file is read
     * as that file too (the issue's {@code --input FILE}).
     */
    static JsonNode argument(String value, String option) {
        if (value.startsWith("@")) return file(Path.of(value.substring(1)));
        try {
            return parse(value, option);
        } catch (InvalidInputException notJson) {
            Path file = existingFile(value);
            if (file == null) throw notJson;
            return file(file);
        }
    }

    private static Path existingFile(String value) {
        try {
            Path p = Path.of(value);
            return Files.isRegularFile(p) ? p : null;
        } catch (InvalidPathException e) {
            return null;
        }
    }

    static JsonNode parse(String text, String where) {
        if (text.isBlank()) throw new InvalidInputException(InputLocation.file(where), "empty: expected a JSON document");
        try {
            return JsonOutput.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            InputLocation location = at == null || at.getLineNr() < 1 ? InputLocation.file(where)
                    : InputLocation.line(where, at.getLineNr(), at.getColumnNr());
            throw new InvalidInputException(location, "not valid JSON: " + e.getOriginalMessage());
        }
    }
}
