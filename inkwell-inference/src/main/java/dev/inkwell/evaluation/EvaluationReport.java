package dev.inkwell.evaluation;

import dev.inkwell.core.AtomicFiles;
import dev.inkwell.core.Json;
import dev.inkwell.image.GrayImages;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Writes an {@link Evaluation} as files, each atomically: {@code <prefix>metrics.json}, {@code <prefix>report.txt},
 * {@code <prefix>confusion.png} and {@code <prefix>mistakes.png}.
 */
public final class EvaluationReport {

    private EvaluationReport() {
    }

    /** @param extra fields added to the JSON before the evaluation's own (model name, dataset…) */
    public static void write(Path dir, String prefix, Evaluation e, IntFunction<BufferedImage> images, Map<String, Object> extra) {
        Map<String, Object> json = new LinkedHashMap<>(extra);
        json.putAll(e.toMap());
        AtomicFiles.write(dir.resolve(prefix + "metrics.json"), out -> Json.pretty().writeValue(out, json));
        AtomicFiles.write(dir.resolve(prefix + "report.txt"), out -> out.write(e.toText().getBytes(StandardCharsets.UTF_8)));
        writePng(dir.resolve(prefix + "confusion.png"), ReportImages.confusionMatrix(e));
        writePng(dir.resolve(prefix + "mistakes.png"), ReportImages.mistakes(e, images, 8));
    }

    public static void writePng(Path file, BufferedImage image) {
        AtomicFiles.write(file, out -> out.write(GrayImages.toPng(image)));
    }
}
