package org.mlgate.scan.container;

import org.mlgate.scan.engine.ScanAbort;

/** Called in loops over untrusted structure so a scan stops at its time budget (ScanContext::checkTime). */
@FunctionalInterface
public interface TimeCheck {
    TimeCheck NONE = () -> { };

    void check() throws ScanAbort;
}
