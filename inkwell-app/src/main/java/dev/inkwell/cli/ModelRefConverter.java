package dev.inkwell.cli;

import dev.inkwell.model.InvalidModelRefException;
import dev.inkwell.model.ModelRef;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --model}/{@code --base} values parsed as {@link ModelRef}s: a malformed or ambiguous one is a usage error. */
final class ModelRefConverter implements ITypeConverter<ModelRef> {
    /** How every model option describes its value. */
    static final String SYNTAX = "a bundled model (mnist, mnist-compact, fashion-mnist; bundled:NAME), a model folder, "
            + "an .onnx file with its card beside it (file:PATH), NAME@ALIAS or NAME:VERSION (the model registry) or s3://BUCKET/KEY";

    @Override
    public ModelRef convert(String value) {
        try {
            return ModelRef.parse(value);
        } catch (InvalidModelRefException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
