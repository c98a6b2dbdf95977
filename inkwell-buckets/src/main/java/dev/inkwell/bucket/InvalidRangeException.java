package dev.inkwell.bucket;

import dev.inkwell.core.InputLocation;
import dev.inkwell.core.InvalidInputException;

/** A range that starts past the end of the object (HTTP 416). */
public class InvalidRangeException extends InvalidInputException {
    private final long size;

    public InvalidRangeException(ByteRange range, long size) {
        super(InputLocation.file("range " + range.header()), "outside the object's " + size + " bytes");
        this.size = size;
    }

    public long size() {
        return size;
    }
}
