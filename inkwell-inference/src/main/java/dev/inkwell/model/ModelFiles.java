package dev.inkwell.model;

import dev.inkwell.core.NotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The files of one model: the network for ONNX Runtime, its card, and the DJL parameters training starts from. The
 * paths say where each file is or goes; {@link #hasCard()} and {@link #hasParams()} say whether it is there (an
 * external {@code .onnx} file has neither).
 */
public record ModelFiles(Path onnx, Path card, Path params) {
    public static final String ONNX = "model.onnx";
    public static final String CARD = "model.card.json";
    public static final String PARAMS = "model.params";

    public ModelFiles {
        Objects.requireNonNull(onnx, "onnx");
        Objects.requireNonNull(card, "card");
        Objects.requireNonNull(params, "params");
    }

    /** The layout of a model folder, as {@code train}, {@code finetune} and {@code calibrate} write it. */
    public static ModelFiles in(Path folder) {
        return new ModelFiles(folder.resolve(ONNX), folder.resolve(CARD), folder.resolve(PARAMS));
    }

    /**
     * The files belonging to an {@code .onnx} file anywhere: {@code <stem>.card.json} and {@code <stem>.params} beside
     * it when they exist, else the folder's {@code model.card.json} and {@code model.params}.
     */
    public static ModelFiles besideOnnx(Path onnx) {
        Path dir = onnx.toAbsolutePath().getParent();
        String stem = stem(onnx);
        Path ownCard = dir.resolve(stem + ".card.json");
        Path ownParams = dir.resolve(stem + ".params");
        return new ModelFiles(onnx, Files.isRegularFile(ownCard) ? ownCard : dir.resolve(CARD),
                Files.isRegularFile(ownParams) ? ownParams : dir.resolve(PARAMS));
    }

    /** The model file's name without {@code .onnx}: the name of a model that has no card. */
    public static String stem(Path onnx) {
        String file = onnx.getFileName().toString();
        return file.endsWith(".onnx") ? file.substring(0, file.length() - ".onnx".length()) : file;
    }

    public Path folder() {
        return onnx.toAbsolutePath().getParent();
    }

    public boolean hasCard() {
        return Files.isRegularFile(card);
    }

    public boolean hasParams() {
        return Files.isRegularFile(params);
    }

    /**
     * These files, checked to hold what training further needs: a card and parameters.
     *
     * @param what    the model as the user named it, for the message
     * @param purpose what needs them, e.g. "fine-tuning"
     */
    public ModelFiles requireTrainable(String what, String purpose) {
        if (!hasCard() || !hasParams()) {
            throw new NotFoundException(what + ": " + purpose + " needs a model folder written by 'inkwell train' ("
                    + CARD + " and " + PARAMS + "); an ONNX file alone cannot be trained further");
        }
        return this;
    }
}
