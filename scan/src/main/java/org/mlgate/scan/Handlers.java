package org.mlgate.scan;

import java.util.List;
import org.mlgate.scan.engine.FormatHandler;
import org.mlgate.scan.engine.Router;
import org.mlgate.scan.pickle.PickleHandler;

/**
 * The scanner plugins, in routing order: containers and magic-number formats first, the pickle sniff
 * (which needs no magic) last.
 */
public final class Handlers {
    private static final Router ROUTER = new Router(List.of(
            // containers are added here
            new PickleHandler()));

    private Handlers() {
    }

    public static Router router() {
        return ROUTER;
    }

    public static List<FormatHandler> all() {
        return ROUTER.handlers();
    }
}
