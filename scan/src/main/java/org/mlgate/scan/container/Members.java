package org.mlgate.scan.container;

import java.util.Optional;
import org.mlgate.scan.engine.Blob;
import org.mlgate.scan.engine.ScanContext;

/** How archive members are handed back to the router. */
final class Members {
    static final String PICKLE = "pickle";

    private Members() {
    }

    /**
     * Members whose name says pickle ({@code *.pkl}, PyTorch's data.pkl and constants.pkl, TorchScript's
     * {@code *.debug_pkl}) are unpickled by their loaders whatever their first bytes are, so they always
     * go to the pickle handler. If they also sniff as another format (a polyglot), that reading is
     * scanned too. Everything else is routed by content.
     */
    static void route(String name, Blob data, ScanContext ctx) {
        if (pickleByName(name)) {
            ctx.scanMemberAs(name, data, PICKLE);
            Optional<String> other = ctx.sniff(data).filter(id -> !id.equals(PICKLE));
            if (other.isPresent()) {
                ctx.scanMember(name, data);
            }
        } else {
            ctx.scanMember(name, data);
        }
    }

    /** Python's zipfile cuts names at the first NUL, so "x.pkl\0.txt" is x.pkl to it. */
    static boolean pickleByName(String name) {
        int nul = name.indexOf('\0');
        return isPickleName(name) || (nul >= 0 && isPickleName(name.substring(0, nul)));
    }

    private static boolean isPickleName(String n) {
        return n.endsWith(".pkl") || n.endsWith(".debug_pkl");
    }
}
