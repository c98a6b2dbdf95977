package dev.inkwell.server;

import java.util.List;

/**
 * The routes of one area of the API (predictions, endpoints, tables, health and operations, …), each group built
 * from the part of the configuration it needs. {@link ApiRoutes} registers every group's routes and documents them.
 */
public interface RouteGroup {
    List<ApiRoute> routes();
}
