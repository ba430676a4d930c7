package org.mlgate.scan.engine;

import java.util.List;
import java.util.Optional;
import org.mlgate.core.Problem;

/** Routes blobs to the first handler whose content sniff matches, in a fixed order. */
public final class Router {
    private static final String PICKLE = "pickle";
    private static final String HF_CONFIG = "huggingface-config";
    private final List<FormatHandler> handlers;

    public Router(List<FormatHandler> handlers) {
        this.handlers = List.copyOf(handlers);
    }

    public List<FormatHandler> handlers() {
        return handlers;
    }

    /** The id of the first handler whose sniff accepts the blob, without scanning it. */
    Optional<String> sniff(Blob blob) {
        for (FormatHandler h : handlers) {
            if (h.sniff(blob)) {
                return Optional.of(h.id());
            }
        }
        return Optional.empty();
    }

    void dispatchTo(Blob blob, String handlerId, ScanContext ctx) {
        FormatHandler h = handlers.stream().filter(x -> x.id().equals(handlerId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no handler " + handlerId));
        run(h, blob, ctx);
    }

    private void run(FormatHandler h, Blob blob, ScanContext ctx) {
        try {
            ctx.checkTime();
            ctx.detected(h.id());
            h.scan(blob, ctx);
        } catch (ScanAbort a) {
            ctx.problem(a);
        } catch (StackOverflowError e) {
            ctx.problem(Problem.Kind.BUDGET, -1, "structure nested too deeply to analyse");
        } catch (RuntimeException e) {
            // A bug or unexpected input must never pass as safe: record it and keep going.
            ctx.problem(Problem.Kind.MALFORMED, -1, "internal error while analysing " + blob.name() + ": " + e);
        }
    }

    void dispatch(Blob blob, ScanContext ctx) {
        FormatHandler chosen;
        try {
            chosen = handlers.stream().filter(h -> h.sniff(blob)).findFirst().orElse(null);
        } catch (RuntimeException e) {
            ctx.problem(Problem.Kind.MALFORMED, -1, "internal error while identifying " + blob.name() + ": " + e);
            return;
        }
        if (ctx.depth() == 0 && FileNames.isLoaderConfig(blob.name())
                && (chosen == null || chosen.id().equals(PICKLE))) {
            // Transformers reads config.json / tokenizer_config.json by name, whatever their first bytes are.
            dispatchTo(blob, HF_CONFIG, ctx);
        } else if (chosen != null) {
            run(chosen, blob, ctx);
        } else if (ctx.depth() == 0) {
            ctx.notAModel(blob.size() == 0 ? "the file is empty"
                    : "not a recognised model format or container, and not a pickle (first bytes do not parse)");
        }
    }
}
