package org.mlgate.serve.http;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.mlgate.core.FailureKind;
import org.mlgate.core.MlgateException;
import org.mlgate.serve.PredictionService;
import org.mlgate.serve.Response;

/**
 * The HTTP front: routes to the {@link PredictionService} and copies its {@link Response} out. No decision is made
 * here. The body is read only when the service asks, and never beyond its limit; a body refused for its size is
 * read and discarded, up to {@link #DRAIN_LIMIT}, so that its sender gets the answer.
 */
public final class HttpFront {
    /** The most of a refused body read to answer its sender cleanly: 16 MiB. */
    static final long DRAIN_LIMIT = 16L << 20;

    private HttpFront() {
    }

    /** A configured, not yet started Javalin server. {@code ready} answers {@code /readyz}. */
    public static Javalin create(PredictionService service, java.util.function.BooleanSupplier ready) {
        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.http.maxRequestSize = Long.MAX_VALUE; // the service enforces --max-body itself, in its order
            config.routes.post("/v1/models/{target}", ctx -> send(ctx, service.predict(
                    new PredictionService.PredictRequest(ctx.header("Authorization"), ctx.pathParam("target"),
                            ctx.header("Content-Type"), ctx.req().getContentLengthLong(), limit -> read(ctx, limit),
                            id(ctx)))));
            config.routes.get("/v1/models", ctx -> send(ctx, service.models(ctx.header("Authorization"), id(ctx))));
            config.routes.get("/v1/budget", ctx -> send(ctx, service.budget(ctx.header("Authorization"), id(ctx))));
            config.routes.get("/healthz", ctx -> ctx.contentType("application/json").result(PredictionService.status("ok")));
            config.routes.get("/readyz", ctx -> {
                boolean r = ready.getAsBoolean();
                ctx.status(r ? 200 : 503).contentType("application/json")
                        .result(PredictionService.status(r ? "ready" : "stopping"));
            });
            config.routes.error(404, ctx -> {
                if (ctx.result() == null) {
                    ctx.contentType("application/json").result(PredictionService.refusal("not_found", "no such endpoint"));
                }
            });
            config.routes.exception(MlgateException.class, (e, ctx) -> ctx.status(status(e.kind()))
                    .contentType("application/json").result(PredictionService.refusal(reason(e.kind()),
                            e.getMessage())));
            config.routes.exception(Exception.class, (e, ctx) -> ctx.status(500).contentType("application/json")
                    .result(PredictionService.refusal("internal_error", "internal error")));
        });
    }

    /** The one place a failure's kind becomes an HTTP status (as {@code cli.Main} maps it to an exit code). */
    static int status(FailureKind kind) {
        return switch (kind) {
            case POLICY -> 403;
            case USAGE -> 400;
            case INCOMPLETE -> 503;
        };
    }

    private static String reason(FailureKind kind) {
        return switch (kind) {
            case POLICY -> "refused";
            case USAGE -> "bad_request";
            case INCOMPLETE -> "unavailable";
        };
    }

    private static String id(Context ctx) {
        return PredictionService.requestId(ctx.header("X-Request-Id"));
    }

    private static void send(Context ctx, Response r) {
        if (r.status() == 413) {
            refuseBody(ctx);
        }
        r.headers().forEach(ctx::header);
        ctx.status(r.status()).contentType("application/json").result(r.body());
    }

    /**
     * A body refused for its size is read and dropped (up to {@link #DRAIN_LIMIT}) before the answer, and the
     * connection closed after it: answered unread, a client still sending sees the connection reset instead of
     * the 413 (TCP resets a connection closed with unread data). A body declared larger than the limit is not
     * read: the client gets the close at once.
     */
    private static void refuseBody(Context ctx) {
        ctx.header("Connection", "close");
        long declared = ctx.req().getContentLengthLong();
        if (declared > DRAIN_LIMIT) {
            return;
        }
        try (InputStream in = ctx.req().getInputStream()) {
            long left = DRAIN_LIMIT;
            byte[] buf = new byte[8192];
            for (int n; left > 0 && (n = in.read(buf, 0, (int) Math.min(buf.length, left))) > 0; ) {
                left -= n;
            }
        } catch (IOException e) {
            // The client went away while sending: nothing to answer, and the close follows.
        }
    }

    private static byte[] read(Context ctx, int limit) {
        try (InputStream in = ctx.req().getInputStream()) {
            return in.readNBytes(limit + 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
