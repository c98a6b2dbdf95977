package dev.inkwell.serving.input;

import dev.inkwell.core.InputLocation;
import dev.inkwell.core.InvalidInputException;
import dev.inkwell.core.Texts;
import dev.inkwell.dataset.KaggleColumns;

/** Checks one pixel value of a Kaggle/MNIST-style row: a finite number from 0 to 255. */
final class PixelValues {
    private PixelValues() {
    }

    static float check(double value, InputLocation where, String name) {
        if (!Double.isFinite(value) || value < 0 || value > 255) {
            throw new InvalidInputException(where, name + " is " + value + ": expected a number from 0 to 255");
        }
        return (float) value;
    }

    static float parse(String text, InputLocation where, String name) {
        String t = KaggleColumns.unquote(text);
        if (t.isEmpty() || t.length() > 32) {
            throw new InvalidInputException(where, name + " is '" + abbreviate(t) + "': expected a number from 0 to 255");
        }
        try {
            return check(Double.parseDouble(t), where, name);
        } catch (NumberFormatException e) {
            throw new InvalidInputException(where, name + " is '" + abbreviate(t) + "': expected a number from 0 to 255");
        }
    }

    static String abbreviate(String s) {
        return Texts.abbreviate(s, 20);
    }
}
