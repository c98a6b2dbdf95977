package dev.inkwell.workflow.engine;

import dev.inkwell.workflow.spi.ExecutionJournal;
import dev.inkwell.workflow.spi.ItemSource;
import dev.inkwell.workflow.spi.ResultSink;
import dev.inkwell.workflow.spi.TaskInvoker;
import dev.inkwell.workflow.spi.WorkflowScheduler;
import java.util.concurrent.Executor;

/** What executions need from outside the engine; one set is shared by all executions of an engine. */
public record EngineServices(TaskInvoker tasks, ExecutionJournal journal, WorkflowScheduler scheduler, Executor executor,
                             ItemSource itemSource, ResultSink resultSink, String roleArn, String region) {}
