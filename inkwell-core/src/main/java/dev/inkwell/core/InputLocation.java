package dev.inkwell.core;

/**
 * Where in an input a problem was found. Any part may be absent: {@code line}/{@code column} are 1-based
 * and 0 when unknown, {@code record} is a 0-based record index (IDX, CIFAR) and -1 when unknown.
 */
public record InputLocation(String file, long line, long column, long record) {

    public static InputLocation file(String file) {
        return new InputLocation(file, 0, 0, -1);
    }

    public static InputLocation line(String file, long line, long column) {
        return new InputLocation(file, line, column, -1);
    }

    public static InputLocation record(String file, long record) {
        return new InputLocation(file, 0, 0, record);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(file == null ? "<input>" : file);
        if (line > 0) s.append(", line ").append(line);
        if (column > 0) s.append(", column ").append(column);
        if (record >= 0) s.append(", record ").append(record);
        return s.toString();
    }
}
