package dev.inkwell.functions.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inkwell.core.InputLocation;
import dev.inkwell.core.InvalidInputException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How a {@code command} function runs: a program and its arguments (or a Python Lambda handler, run through the
 * shim), where, with which extra environment, and its limits.
 *
 * @param argv             the program and its arguments
 * @param workingDirectory where it runs (null: the server's own)
 * @param environment      variables added to the AWS ones
 * @param timeout          time limit per call (default 60 s, at most 15 min as Lambda's)
 * @param memoryMb         address-space limit in MiB (default 1024; 0: none)
 * @param maxOutputBytes   answer size cap (default 6 MiB, Lambda's synchronous payload limit)
 */
public record CommandSpec(List<String> argv, Path workingDirectory, Map<String, String> environment, Duration timeout, int memoryMb,
                          long maxOutputBytes) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration MAX_TIMEOUT = Duration.ofMinutes(15);
    public static final int DEFAULT_MEMORY_MB = 1024;
    public static final long DEFAULT_MAX_OUTPUT = 6L * 1024 * 1024;
    private static final Set<String> KEYS = Set.of("command", "python", "interpreter", "codeDir", "workingDirectory", "environment",
            "timeoutSeconds", "memoryMb", "maxOutputBytes");

    public CommandSpec {
        argv = List.copyOf(argv);
        environment = Map.copyOf(environment);
    }

    /**
     * Reads a mapping entry: {@code {"command": ["prog", "arg"…]}} or {@code {"python": "module.handler", "codeDir":
     * "dir", "interpreter": "/opt/venv/bin/python"}} (the Python that has the handler's packages; default
     * {@code python3} on the PATH), with {@code timeoutSeconds}, {@code memoryMb}, {@code maxOutputBytes}, {@code environment},
     * {@code workingDirectory}. Relative folders are taken from {@code base}; {@code shim} is the Python shim's path.
     */
    public static CommandSpec parse(String name, JsonNode entry, Path base, Path shim) {
        InputLocation at = InputLocation.file("functions." + name);
        entry.fieldNames().forEachRemaining(k -> {
            if (!KEYS.contains(k) && !k.equals("kind")) throw new InvalidInputException(at, "unknown key '" + k + "' (keys: " + String.join(", ", KEYS.stream().sorted().toList()) + ")");
        });
        List<String> argv = new ArrayList<>();
        Path workingDirectory = folder(entry, "workingDirectory", base, at);
        Map<String, String> environment = new LinkedHashMap<>();
        if (entry.has("command") == entry.has("python")) {
            throw new InvalidInputException(at, "give either \"command\": [program, args…] or \"python\": \"module.function\"");
        }
        if (entry.has("interpreter") && !entry.has("python")) {
            throw new InvalidInputException(at, "\"interpreter\" goes with \"python\" (a command names its own program)");
        }
        if (entry.has("command")) {
            JsonNode command = entry.get("command");
            if (!command.isArray() || command.isEmpty()) throw new InvalidInputException(at, "\"command\" must be a non-empty array of strings");
            for (JsonNode part : command) {
                if (!part.isTextual()) throw new InvalidInputException(at, "\"command\" must be a non-empty array of strings");
                argv.add(part.textValue());
            }
        } else {
            String handler = entry.get("python").asText();
            if (!handler.matches("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)+")) {
                throw new InvalidInputException(at, "\"python\" must name the handler as Lambda does: module.function (was '" + handler + "')");
            }
            Path code = folder(entry, "codeDir", base, at);
            if (code == null) code = base;
            JsonNode interpreter = entry.path("interpreter");
            if (!interpreter.isMissingNode() && (!interpreter.isTextual() || interpreter.textValue().isBlank())) {
                throw new InvalidInputException(at, "\"interpreter\" must name a Python program (a path, or a name on the PATH)");
            }
            argv.addAll(List.of(interpreter.isMissingNode() ? "python3" : interpreter.textValue(), shim.toString(), handler));
            environment.put("PYTHONPATH", code.toString());
            if (workingDirectory == null) workingDirectory = code;
        }
        JsonNode env = entry.path("environment");
        if (!env.isMissingNode()) {
            if (!env.isObject()) throw new InvalidInputException(at, "\"environment\" must be an object of strings");
            env.fields().forEachRemaining(e -> environment.put(e.getKey(), e.getValue().asText()));
        }
        Duration timeout = Duration.ofMillis((long) (number(entry, "timeoutSeconds", DEFAULT_TIMEOUT.toSeconds(), at) * 1000));
        if (timeout.isZero() || timeout.isNegative() || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new InvalidInputException(at, "\"timeoutSeconds\" must be above 0 and at most " + MAX_TIMEOUT.toSeconds());
        }
        double memory = number(entry, "memoryMb", DEFAULT_MEMORY_MB, at);
        if (memory < 0 || memory > 65_536 || memory != Math.rint(memory)) throw new InvalidInputException(at, "\"memoryMb\" must be a whole number from 0 (no limit) to 65536");
        double output = number(entry, "maxOutputBytes", DEFAULT_MAX_OUTPUT, at);
        if (output < 1 || output > 256L * 1024 * 1024) throw new InvalidInputException(at, "\"maxOutputBytes\" must be from 1 to 268435456");
        return new CommandSpec(argv, workingDirectory, environment, timeout, (int) memory, (long) output);
    }

    private static Path folder(JsonNode entry, String key, Path base, InputLocation at) {
        JsonNode v = entry.get(key);
        if (v == null) return null;
        if (!v.isTextual() || v.textValue().isBlank()) throw new InvalidInputException(at, "\"" + key + "\" must be a folder path");
        Path p = base.resolve(v.textValue()).toAbsolutePath().normalize();
        if (!p.toFile().isDirectory()) throw new InvalidInputException(at, "\"" + key + "\": " + p + " is not a folder");
        return p;
    }

    private static double number(JsonNode entry, String key, double absent, InputLocation at) {
        JsonNode v = entry.get(key);
        if (v == null) return absent;
        if (!v.isNumber()) throw new InvalidInputException(at, "\"" + key + "\" must be a number");
        return v.doubleValue();
    }
}
