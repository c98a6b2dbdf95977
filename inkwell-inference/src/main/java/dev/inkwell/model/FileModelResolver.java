package dev.inkwell.model;

import dev.inkwell.core.NotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code file:PATH}: a folder holding {@code model.onnx}, or an {@code .onnx} file with its card beside it. */
public final class FileModelResolver implements ModelResolver {
    @Override
    public String scheme() {
        return "file";
    }

    @Override
    public ModelFiles resolve(ModelRef ref) {
        Path path = ((ModelRef.LocalPath) ref).path();
        if (Files.isDirectory(path)) {
            ModelFiles folder = ModelFiles.in(path);
            if (Files.isRegularFile(folder.onnx())) return folder;
            // a folder with a card and parameters but no ONNX file is still a model to train further
            if (folder.hasCard() && folder.hasParams()) return folder;
            throw new NotFoundException("model '" + path + "' not found: the folder holds no " + ModelFiles.ONNX);
        }
        if (!Files.isRegularFile(path)) {
            throw new NotFoundException("model '" + path + "' not found: give a path to an .onnx file or a model folder, or one of "
                    + "the bundled models " + String.join(", ", BundledModels.NAMES));
        }
        return ModelFiles.besideOnnx(path);
    }
}
