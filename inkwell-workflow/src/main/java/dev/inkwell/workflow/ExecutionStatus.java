package dev.inkwell.workflow;

/** An execution's status, as DescribeExecution reports it. */
public enum ExecutionStatus { RUNNING, SUCCEEDED, FAILED }
