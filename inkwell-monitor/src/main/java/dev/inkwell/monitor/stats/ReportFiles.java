package dev.inkwell.monitor.stats;

import dev.inkwell.core.InputLocation;
import dev.inkwell.core.InvalidInputException;
import dev.inkwell.core.Json;
import dev.inkwell.core.NotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Predicate;

/** Reading Model Monitor's JSON files (statistics.json, constraints.json): one place for the errors they give. */
final class ReportFiles {
    private ReportFiles() {
    }

    /** Reads {@code file} as {@code type}; a missing file is a 404, a damaged one names the file. */
    static <T> T read(Path file, Class<T> type, String what, Predicate<T> empty) {
        try {
            return parse(Files.readAllBytes(file), file.toString(), type, what, empty);
        } catch (NoSuchFileException e) {
            throw new NotFoundException(file + ": no such file");
        } catch (IOException e) {
            throw new InvalidInputException(InputLocation.file(file.toString()), "cannot read: " + e.getMessage(), e);
        }
    }

    /** Parses {@code json} as {@code type}; {@code empty} says when it holds no features. */
    static <T> T parse(byte[] json, String source, Class<T> type, String what, Predicate<T> empty) {
        try {
            T value = Json.mapper().readValue(json, type);
            if (value == null || empty.test(value)) throw new InvalidInputException(InputLocation.file(source), "not a " + what + ": no features");
            return value;
        } catch (IOException e) {
            throw new InvalidInputException(InputLocation.file(source), "not a " + what + ": " + e.getMessage(), e);
        }
    }
}
