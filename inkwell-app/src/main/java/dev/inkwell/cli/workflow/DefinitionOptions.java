package dev.inkwell.cli.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inkwell.core.InputLocation;
import dev.inkwell.core.InvalidInputException;
import dev.inkwell.functions.workflow.FunctionMapping;
import dev.inkwell.workflow.StateMachine;
import dev.inkwell.workflow.WorkflowDefinitionException;
import java.nio.file.Path;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/** A workflow's files (a picocli mixin): its definition and the function mapping of its Task states. */
public final class DefinitionOptions {
    @Option(names = "--definition", required = true, paramLabel = "FILE",
            description = "The state machine: Amazon States Language JSON, as the Step Functions console exports it.")
    Path definition;

    @Option(names = "--functions", paramLabel = "MAP.json",
            description = {"Which Inkwell function answers each Lambda function the definition names (e.g. examples/seed003/functions.json);",
                    "relative codeDir and workingDirectory are relative to this file. Without it, a Lambda name is the built-in function of that name."})
    Path functions;

    /** The definition, validated: a bad one is refused with the file, the state and the field named. */
    JsonNode definition(String workflow) {
        JsonNode node = JsonSources.file(definition);
        located(definition, () -> StateMachine.of(workflow, node));
        return node;
    }

    /** The mapping with its folders made absolute, ready to be stored; null without {@code --functions}. */
    JsonNode functions() {
        if (functions == null) return null;
        JsonNode node = JsonSources.file(functions);
        Path base = functions.toAbsolutePath().getParent();
        return located(functions, () -> FunctionMapping.absolute(node, base));
    }

    /**
     * Runs {@code action}, naming the file a refusal is about: the mapping file for {@code functions.…} problems, the
     * definition for the states'.
     */
    <T> T located(Supplier<T> action) {
        try {
            return action.get();
        } catch (WorkflowDefinitionException e) {
            throw new InvalidInputException(InputLocation.file(definition.toString()), e.getMessage(), e);
        } catch (InvalidInputException e) {
            boolean mapping = e.location() != null && e.location().file() != null && e.location().file().startsWith("functions");
            Path file = mapping && functions != null ? functions : definition;
            throw new InvalidInputException(InputLocation.file(file.toString()), e.getMessage(), e);
        }
    }

    private static <T> T located(Path file, Supplier<T> action) {
        try {
            return action.get();
        } catch (WorkflowDefinitionException | InvalidInputException e) {
            throw new InvalidInputException(InputLocation.file(file.toString()), e.getMessage(), e);
        }
    }

    /** A state machine name from the definition's file name (for {@code workflows run}, which stores nothing). */
    String nameFromFile() {
        String stem = definition.getFileName().toString().replaceFirst("\\.[^.]*$", "").replaceAll("[^A-Za-z0-9_.\\-]", "-");
        if (stem.isEmpty()) stem = "workflow";
        return stem.length() > 80 ? stem.substring(0, 80) : stem;
    }
}
