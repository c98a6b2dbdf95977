package dev.inkwell.serving.input;

import dev.inkwell.core.InputLocation;
import dev.inkwell.core.InputTooLargeException;
import dev.inkwell.core.InvalidInputException;
import dev.inkwell.dataset.KaggleColumns;
import dev.inkwell.image.GrayImage;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code text/csv} bodies: one row of pixel values (0–255, ink high) per line, SageMaker style. An optional
 * Kaggle header ({@code label,pixel0,…} or {@code pixel0,…}, with an optional {@code uuid}) names the columns.
 */
public final class CsvInputs {
    private static final String FILE = "request body";

    private CsvInputs() {
    }

    public static PredictRequest parse(byte[] body, PixelShape shape, int maxItems) {
        String text = utf8(body);
        String[] lines = text.split("\n", -1);
        int[] columnToPixel = null;
        List<PredictInput> inputs = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            if (line.isBlank()) continue;
            int lineNumber = i + 1;
            String[] cells = line.split(",", -1);
            if (columnToPixel == null && inputs.isEmpty() && isHeader(cells[0])) {
                columnToPixel = header(cells, shape, lineNumber);
                continue;
            }
            if (inputs.size() >= maxItems) {
                throw new InputTooLargeException("the CSV holds more than " + maxItems + " rows; at most " + maxItems + " are allowed");
            }
            inputs.add(row(cells, columnToPixel, shape, lineNumber));
        }
        if (inputs.isEmpty()) {
            throw new InvalidInputException(InputLocation.file(FILE), "the CSV has no rows: expected one row of "
                    + shape.count() + " pixel values per line");
        }
        return new PredictRequest(inputs, inputs.size() > 1);
    }

    private static PredictInput row(String[] cells, int[] columnToPixel, PixelShape shape, int line) {
        float[] values = new float[shape.count()];
        if (columnToPixel == null) {
            if (cells.length != shape.count()) {
                throw new InvalidInputException(InputLocation.line(FILE, line, 0), "the row holds " + cells.length
                        + " values: expected " + shape.count() + " (" + shape.width() + "×" + shape.height() + " pixels, 0–255)");
            }
            for (int c = 0; c < cells.length; c++) {
                values[c] = PixelValues.parse(cells[c], InputLocation.line(FILE, line, c + 1), "value " + (c + 1));
            }
        } else {
            if (cells.length != columnToPixel.length) {
                throw new InvalidInputException(InputLocation.line(FILE, line, 0), "the row holds " + cells.length
                        + " values but the header names " + columnToPixel.length + " columns");
            }
            for (int c = 0; c < cells.length; c++) {
                if (columnToPixel[c] >= 0) {
                    values[columnToPixel[c]] = PixelValues.parse(cells[c], InputLocation.line(FILE, line, c + 1),
                            "pixel" + columnToPixel[c]);
                }
            }
        }
        return new PredictInput.ModelPixels(new GrayImage(shape.width(), shape.height(), values), "line " + line);
    }

    private static int[] header(String[] cells, PixelShape shape, int line) {
        int[] map = new int[cells.length];
        boolean[] seen = new boolean[shape.count()];
        for (int c = 0; c < cells.length; c++) {
            String name = KaggleColumns.unquote(cells[c]);
            if (KaggleColumns.isExtra(name)) {
                map[c] = -1;
                continue;
            }
            int index = KaggleColumns.pixelIndex(name);
            if (index < 0 || index >= shape.count() || seen[index]) {
                throw new InvalidInputException(InputLocation.line(FILE, line, c + 1), "header column '"
                        + PixelValues.abbreviate(name) + "' is not one of label, uuid, pixel0…pixel" + (shape.count() - 1)
                        + (index >= 0 && index < shape.count() ? " (named twice)" : ""));
            }
            seen[index] = true;
            map[c] = index;
        }
        for (int i = 0; i < seen.length; i++) {
            if (!seen[i]) throw new InvalidInputException(InputLocation.line(FILE, line, 0), "the header lacks pixel" + i);
        }
        return map;
    }

    private static boolean isHeader(String firstCell) {
        String s = KaggleColumns.unquote(firstCell);
        return !s.isEmpty() && (Character.isLetter(s.charAt(0)) || s.charAt(0) == '_');
    }

    private static String utf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidInputException(InputLocation.file(FILE), "the CSV is not UTF-8 text");
        }
    }
}
