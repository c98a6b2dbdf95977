package dev.inkwell.functions.builtin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inkwell.core.InputLocation;
import dev.inkwell.core.InvalidInputException;
import java.util.Set;
import java.util.TreeSet;

/** Checks of a trigger's options for the built-in functions. */
final class Options {
    private Options() {
    }

    /** Refuses any option not in {@code known}, naming the known ones. */
    static void only(String function, ObjectNode options, Set<String> known) {
        options.fieldNames().forEachRemaining(name -> {
            if (!known.contains(name)) {
                throw new InvalidInputException(InputLocation.file("option " + name), "the function " + function
                        + " takes no such option (it takes " + String.join(", ", new TreeSet<>(known)) + ")");
            }
        });
    }
}
