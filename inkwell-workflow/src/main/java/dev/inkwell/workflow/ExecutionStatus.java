package dev.inkwell.workflow;

/** An execution's status, as DescribeExecution reports it. ABORTED: stopped by StopExecution. */
public enum ExecutionStatus { RUNNING, SUCCEEDED, FAILED, ABORTED }
