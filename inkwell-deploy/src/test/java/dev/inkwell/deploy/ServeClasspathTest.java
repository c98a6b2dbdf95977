package dev.inkwell.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.inkwell.cli.Cli;
import dev.inkwell.cli.ServeOnlyCommand;
import dev.inkwell.functions.Function;
import dev.inkwell.functions.Functions;
import dev.inkwell.testing.SharedData;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * This module's class path is the serve image's (inkwell-app without inkwell-train): no training stack on it, and
 * the serving command line still works, every subcommand included.
 */
class ServeClasspathTest {
    @Test
    void noTrainingStack() {
        for (String name : new String[] {"ai.djl.Model", "ai.djl.pytorch.engine.PtEngine", "dev.inkwell.train.ModelTraining",
                "org.tribuo.util.onnx.ONNXContext"}) {
            assertThatThrownBy(() -> Class.forName(name)).as(name).isInstanceOf(ClassNotFoundException.class);
        }
    }

    @Test
    void everyServeSubcommandLoadsWithoutIt() {
        CommandLine cl = Cli.commandLineOf(new ServeOnlyCommand());
        assertThat(cl.getSubcommands()).containsKeys("serve", "predict", "monitor", "models", "endpoints", "cp", "workflows")
                .doesNotContainKeys("train", "finetune", "calibrate", "retrain");
        for (String sub : cl.getSubcommands().keySet()) {
            StringWriter out = new StringWriter();
            CommandLine c = Cli.commandLineOf(new ServeOnlyCommand());
            c.setOut(new PrintWriter(out));
            assertThat(c.execute(sub, "--help")).as(sub).isZero();
            assertThat(out.toString()).as(sub).contains("Usage: inkwell " + sub);
        }
    }

    @Test
    void functionsWithoutTrainAndFinetune() {
        Functions functions = Functions.builtIn();
        assertThat(functions.all()).extracting(Function::name).contains("classify", "ingest", "register").doesNotContain("train", "finetune");
    }

    @Test
    void predictsWithOnnxRuntime() {
        Path png = SharedData.handwritten28px().resolve("7.png");
        StringWriter out = new StringWriter();
        CommandLine c = Cli.commandLineOf(new ServeOnlyCommand());
        c.setOut(new PrintWriter(out));
        assertThat(c.execute("predict", png.toString())).isZero();
        assertThat(out.toString()).contains(": 7 (");
    }
}
