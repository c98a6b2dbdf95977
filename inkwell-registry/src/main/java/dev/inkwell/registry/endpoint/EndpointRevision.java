package dev.inkwell.registry.endpoint;

import java.time.Instant;

/** One change of an endpoint: its number, what it was ({@code create}, {@code update}, {@code rollback}, {@code delete}) and the definition after it (null after a delete). */
public record EndpointRevision(String name, int revision, String action, EndpointDefinition definition, Instant at) {
}
