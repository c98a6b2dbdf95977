package dev.inkwell.cli.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inkwell.cli.Cli;
import dev.inkwell.cli.CommonOptions;
import dev.inkwell.cli.JsonOutput;
import dev.inkwell.cli.StoreOptions;
import dev.inkwell.workflow.runtime.WorkflowCatalog;
import dev.inkwell.workflow.runtime.WorkflowRecord;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "create", mixinStandardHelpOptions = true,
        description = {"Create a workflow from a state machine definition and the mapping of its Lambda functions to Inkwell functions.",
                "Both are checked first: a bad definition is refused with the state and field named, an unknown function with its name. "
                        + "Creating it again with the same files changes nothing; with other files, use 'workflows update'."})
public final class WorkflowsCreateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    StoreOptions store;

    @Mixin
    DefinitionOptions files;

    @Parameters(index = "0", paramLabel = "NAME", description = "The workflow's name: letters, digits, '-', '_' and '.', at most 80.")
    String name;

    @Override
    public Integer call() {
        WorkflowCatalog.checkName(name);
        JsonNode definition = files.definition(name);
        JsonNode functions = files.functions();
        WorkflowCatalog catalog = Workflows.catalog(store.open());
        boolean existed = catalog.find(name).isPresent();
        WorkflowRecord w = files.located(() -> catalog.create(name, definition, functions));
        PrintWriter out = spec.commandLine().getOut();
        if (common.json()) {
            JsonOutput.print(out, WorkflowsDescribeCommand.json(w, false).put("created", !existed));
            return Cli.OK;
        }
        if (existed) out.printf("workflow %s exists with this definition and these functions (revision %d): nothing changed%n", name, w.revision());
        else out.printf("created workflow %s (revision %d): %s%n", name, w.revision(), WorkflowsDescribeCommand.summary(w));
        out.printf("start it with: inkwell workflows start %s --input JSON|@FILE [--wait]%n", name);
        out.flush();
        return Cli.OK;
    }
}
