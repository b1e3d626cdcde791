package dev.assay.server;

import java.util.List;

/**
 * The hook through which open incidents freeze continuous mode: each open incident, described in one line.
 * Until an incident journal fills it, {@link #NONE} says none is open.
 */
@FunctionalInterface
public interface Incidents {
    Incidents NONE = List::of;

    List<String> openIncidents();
}
