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

@Command(name = "update", mixinStandardHelpOptions = true,
        description = {"Give a workflow a new definition and function mapping: a new revision, checked as 'create' checks it.",
                "New executions run the new revision; those already running carry on with theirs."})
public final class WorkflowsUpdateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    StoreOptions store;

    @Mixin
    DefinitionOptions files;

    @Parameters(index = "0", paramLabel = "NAME", description = "The workflow.")
    String name;

    @Override
    public Integer call() {
        WorkflowCatalog.checkName(name);
        JsonNode definition = files.definition(name);
        JsonNode functions = files.functions();
        WorkflowCatalog catalog = Workflows.catalog(store.open());
        int before = catalog.get(name).revision();
        WorkflowRecord w = files.located(() -> catalog.update(name, definition, functions));
        PrintWriter out = spec.commandLine().getOut();
        if (common.json()) {
            JsonOutput.print(out, WorkflowsDescribeCommand.json(w, false).put("updated", w.revision() != before));
            return Cli.OK;
        }
        if (w.revision() == before) out.printf("workflow %s has this definition and these functions already (revision %d): nothing changed%n", name, before);
        else out.printf("updated workflow %s to revision %d: %s (running executions carry on with revision %d)%n", name, w.revision(),
                WorkflowsDescribeCommand.summary(w), before);
        out.flush();
        return Cli.OK;
    }
}
