package dev.inkwell.registry;

import dev.inkwell.core.InvalidInputException;
import dev.inkwell.core.Texts;
import java.util.regex.Pattern;

/** What names of registered models, aliases, endpoints and variants may be: safe in URLs, paths, SQL and messages. */
public final class RegistryNames {
    private static final Pattern MODEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    /** Not all digits, so an alias never reads as a version number. */
    private static final Pattern ALIAS = Pattern.compile("(?=.*[A-Za-z_-])[A-Za-z0-9][A-Za-z0-9_-]{0,31}");

    private RegistryNames() {
    }

    public static String model(String name) {
        if (name == null || !MODEL.matcher(name).matches()) {
            throw new InvalidInputException("model name '" + show(name) + "': use 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return name;
    }

    public static String alias(String alias) {
        if (alias == null || !ALIAS.matcher(alias).matches()) {
            throw new InvalidInputException("alias '" + show(alias) + "': use 1-32 letters, digits, '_' or '-', not only digits (e.g. champion)");
        }
        return alias;
    }

    /** Endpoint and variant names follow the same rule as model names. */
    public static String endpoint(String name) {
        if (name == null || !MODEL.matcher(name).matches()) {
            throw new InvalidInputException("endpoint name '" + show(name) + "': use 1-64 letters, digits, '.', '_' or '-'");
        }
        return name;
    }

    public static String variant(String name) {
        if (name == null || !ALIAS.matcher(name).matches() && !MODEL.matcher(name).matches()) {
            throw new InvalidInputException("variant name '" + show(name) + "': use 1-64 letters, digits, '.', '_' or '-'");
        }
        return name;
    }

    /** A version number as text: 1 or more. */
    public static int version(String text) {
        if (text == null || !text.matches("[1-9][0-9]{0,8}")) throw new InvalidInputException("version '" + show(text) + "': expected a number from 1");
        return Integer.parseInt(text);
    }

    private static String show(String s) {
        return s == null ? "" : Texts.abbreviate(s, 40);
    }
}
