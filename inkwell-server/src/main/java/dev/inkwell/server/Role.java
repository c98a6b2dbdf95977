package dev.inkwell.server;

import io.javalin.security.RouteRole;

/** Who may call a route: anyone, or a client holding the management API key. */
public enum Role implements RouteRole {
    PUBLIC,
    MANAGE
}
