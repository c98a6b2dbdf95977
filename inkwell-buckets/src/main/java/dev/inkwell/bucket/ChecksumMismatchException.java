package dev.inkwell.bucket;

import dev.inkwell.core.InputLocation;
import dev.inkwell.core.InvalidInputException;

/** The content is not what its announced digest says (S3's BadDigest): it was damaged on the way, nothing was stored. */
public class ChecksumMismatchException extends InvalidInputException {
    public ChecksumMismatchException(InputLocation location, String expected, String actual) {
        super(location, "the content's MD5 is " + actual + ", not the " + expected + " announced (BadDigest)");
    }
}
